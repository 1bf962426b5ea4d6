import { describe, expect, test } from 'vitest'
import { ensureAdminEnrollment } from '../../enrollment/ensureAdminEnrollment.js'
import { login, register, startRegistration } from '../../testing/ceremonies.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import type { TestClient, TestResponse } from '../../testing/testClient.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'

type Browser = ReturnType<TestApp['browser']>
interface Person extends Browser {
  id: string
}

let seed = 0

/** Registers `displayName` in a browser of its own (with an invite token, when given). */
async function signUp(t: TestApp, displayName: string, inviteToken?: string): Promise<Person> {
  const browser = t.browser()
  const res = await register(browser.client, browser.authenticator, {
    displayName,
    ...(inviteToken ? { inviteToken } : {}),
    addresses: testAddresses(++seed),
  })
  if (res.status !== 200) throw new Error(`register ${displayName}: ${res.status} ${res.text}`)
  return { ...browser, id: res.body.user.id }
}

/** An app whose first user (Ada) enrolled as admin through the enrollment link. */
async function withAdmin(t: TestApp): Promise<Person> {
  const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
  const browser = t.browser()
  const res = await register(browser.client, browser.authenticator, {
    displayName: 'Ada',
    enrollToken: token,
    addresses: testAddresses(++seed),
  })
  expect(res.body.user.role).toBe('admin')
  return { ...browser, id: res.body.user.id }
}

async function promote(admin: TestClient, id: string) {
  const res = await admin.put(`/api/admin/users/${id}/role`, { role: 'admin' })
  expect(res.status, res.text).toBe(200)
}

/** The audit entries of admin actions (sign-ins and registrations are recorded too, but not here). */
async function auditActions(t: TestApp) {
  return t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', 'not like', 'auth.%')
    .orderBy('seq')
    .execute()
}

async function lastAudit(t: TestApp, action: string) {
  const row = await t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .orderBy('at', 'desc')
    .executeTakeFirstOrThrow()
  return { ...row, details: JSON.parse(row.details) as Record<string, unknown> }
}

async function adminIds(t: TestApp): Promise<string[]> {
  const rows = await t.db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .execute()
  return rows.map((r) => r.id).sort()
}

/** An invite link's token (from its fragment). */
function tokenOf(link: string): string {
  return new URL(link).hash.replace(/^#invite=/, '')
}

describe.each(API_TARGETS)('/api/admin users and roles on %s', (kind) => {
  const databases = useTestDatabases(kind)
  const setup = async () => {
    const t = createTestApp(await databases.fresh())
    return { t, admin: await withAdmin(t) }
  }

  describe('access', () => {
    test('error: every users route is 403 FORBIDDEN for a user and 401 UNAUTHENTICATED without a session', async () => {
      const { t, admin } = await setup()
      const user = await signUp(t, 'Uma')
      const calls: [string, string, unknown?][] = [
        ['GET', '/api/admin/users'],
        ['GET', `/api/admin/users/${admin.id}`],
        ['PUT', `/api/admin/users/${user.id}/role`, { role: 'admin' }],
        ['POST', `/api/admin/users/${admin.id}/disable`],
        ['POST', `/api/admin/users/${admin.id}/enable`],
        ['GET', '/api/admin/invites'],
        ['POST', '/api/admin/invites', { role: 'admin', expiresInHours: 1 }],
        ['DELETE', '/api/admin/invites/x'],
        ['GET', '/api/admin/settings/users'],
        ['PUT', '/api/admin/settings/users', { maxAdmins: 50 }],
      ]
      const anonymous = t.browser().client
      for (const [method, path, body] of calls) {
        const forbidden = await user.client.request(method, path, body)
        expect([method, path, forbidden.status, forbidden.body.code]).toEqual([
          method,
          path,
          403,
          'FORBIDDEN',
        ])
        const unauthenticated = await anonymous.request(method, path, body)
        expect([method, path, unauthenticated.status]).toEqual([method, path, 401])
      }
      // Nothing changed: Uma is still a user, Ada still enabled, no invite, no audit entry.
      expect(await adminIds(t)).toEqual([admin.id])
      expect(await t.db.selectFrom('admin_invites').selectAll().execute()).toEqual([])
      expect(await auditActions(t)).toEqual([])
    })
  })

  describe('GET /api/admin/users', () => {
    test('behavior: lists users newest first with role, sign-in, passkeys, Canton party and state', async () => {
      const { t, admin } = await setup()
      t.advance(1)
      const uma = await signUp(t, 'Uma')
      await t.db
        .insertInto('canton_parties')
        .values({
          user_id: uma.id,
          party_id: `uma::1220${'ab'.repeat(32)}`,
          fingerprint: `1220${'ab'.repeat(32)}`,
          created_at: new Date().toISOString(),
        })
        .execute()

      const list = await admin.client.get('/api/admin/users')
      expect(list.status).toBe(200)
      expect(list.body.nextBefore).toBeNull()
      expect(list.body.users).toEqual([
        {
          id: uma.id,
          displayName: 'Uma',
          role: 'user',
          createdAt: expect.any(String),
          lastSignInAt: expect.any(String),
          disabledAt: null,
          passkeyCount: 1,
          cantonPartyId: `uma::1220${'ab'.repeat(32)}`,
        },
        expect.objectContaining({ id: admin.id, displayName: 'Ada', role: 'admin', cantonPartyId: null }),
      ])
      // Registration counts as the first sign-in.
      expect(list.body.users[0].lastSignInAt).toBe(list.body.users[0].createdAt)
    })

    test('behavior: searches by part of the name in any case, by id or party id, and filters by role', async () => {
      const { t, admin } = await setup()
      const uma = await signUp(t, 'Uma Umbra')
      await signUp(t, 'Bob 100%_sure')
      await signUp(t, 'Carol')
      const names = async (query: string) =>
        ((await admin.client.get(`/api/admin/users?${query}`)).body.users as { displayName: string }[])
          .map((u) => u.displayName)
          .sort()

      expect(await names('query=umb')).toEqual(['Uma Umbra'])
      expect(await names('query=UMBRA')).toEqual(['Uma Umbra'])
      expect(await names(`query=${uma.id}`)).toEqual(['Uma Umbra'])
      // LIKE wildcards in the query are matched literally.
      expect(await names(`query=${encodeURIComponent('%')}`)).toEqual(['Bob 100%_sure'])
      expect(await names(`query=${encodeURIComponent('0%_s')}`)).toEqual(['Bob 100%_sure'])
      expect(await names('query=_')).toEqual(['Bob 100%_sure'])
      expect(await names('role=admin')).toEqual(['Ada'])
      expect(await names('role=user&query=a')).toEqual(['Carol', 'Uma Umbra'])
      expect(await names('query=')).toHaveLength(4)
      expect(await names('query=nobody')).toEqual([])
    })

    test('behavior: pages with limit and before, each user once', async () => {
      const { t, admin } = await setup()
      for (const name of ['B', 'C', 'D', 'E']) {
        t.advance(1)
        await signUp(t, name)
      }
      const seen: string[] = []
      let before: string | null = null
      do {
        const page: TestResponse = await admin.client.get(
          `/api/admin/users?limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`,
        )
        expect(page.status).toBe(200)
        expect(page.body.users.length).toBeLessThanOrEqual(2)
        seen.push(...page.body.users.map((u: { displayName: string }) => u.displayName))
        before = page.body.nextBefore
      } while (before)
      expect(seen).toEqual(['E', 'D', 'C', 'B', 'Ada'])
    })

    test('error: a bad query is 400 naming the field', async () => {
      const { admin } = await setup()
      const badBefore = await admin.client.get('/api/admin/users?before=nobody')
      expect([badBefore.status, badBefore.body.code]).toEqual([400, 'INVALID_QUERY'])
      expect(badBefore.body.message).toMatch(/before/)
      const badRole = await admin.client.get('/api/admin/users?role=root')
      expect([badRole.status, badRole.body.code]).toEqual([400, 'INVALID_QUERY'])
      expect(badRole.body.message).toMatch(/role/)
      const badLimit = await admin.client.get('/api/admin/users?limit=0')
      expect([badLimit.status, badLimit.body.code]).toEqual([400, 'INVALID_QUERY'])
    })
  })

  describe('GET /api/admin/users/:id', () => {
    test('behavior: one user with passkeys and live sessions; 404 USER_NOT_FOUND for an unknown id', async () => {
      const { t, admin } = await setup()
      const uma = await signUp(t, 'Uma')
      const second = t.browser().client
      expect((await login(second, uma.authenticator)).status).toBe(200)

      const detail = await admin.client.get(`/api/admin/users/${uma.id}`)
      expect(detail.status).toBe(200)
      expect(detail.body).toMatchObject({
        id: uma.id,
        displayName: 'Uma',
        passkeyCount: 1,
        activeSessions: 2,
      })
      expect(detail.body.passkeys).toEqual([
        {
          id: uma.authenticator.credentials[0]!.id,
          kind: 'primary',
          createdAt: expect.any(String),
          lastUsedAt: expect.any(String),
          backedUp: expect.any(Boolean),
        },
      ])
      // Nothing secret or key-like leaves the server.
      expect(detail.text).not.toMatch(/public_?key|wrapped/i)

      const missing = await admin.client.get('/api/admin/users/nobody')
      expect([missing.status, missing.body.code]).toEqual([404, 'USER_NOT_FOUND'])
    })
  })

  describe('sign-in time', () => {
    test('behavior: every successful sign-in sets lastSignInAt', async () => {
      const { t, admin } = await setup()
      const uma = await signUp(t, 'Uma')
      const created = (await admin.client.get(`/api/admin/users/${uma.id}`)).body.lastSignInAt
      t.advance(60)
      expect((await login(t.browser().client, uma.authenticator)).status).toBe(200)
      const after = (await admin.client.get(`/api/admin/users/${uma.id}`)).body.lastSignInAt
      expect(Date.parse(after) - Date.parse(created)).toBeGreaterThanOrEqual(60_000)
    })
  })

  describe('PUT /api/admin/users/:id/role', () => {
    test('behavior: promotes and demotes, takes effect on the next request, and audits before/after', async () => {
      const { t, admin } = await setup()
      const uma = await signUp(t, 'Uma')
      expect((await uma.client.get('/api/admin/users')).status).toBe(403)

      const promoted = await admin.client.put(`/api/admin/users/${uma.id}/role`, { role: 'admin' })
      expect(promoted.status).toBe(200)
      expect(promoted.body).toMatchObject({ id: uma.id, role: 'admin' })
      expect((await uma.client.get('/api/admin/users')).status).toBe(200)
      const promotion = await lastAudit(t, 'user.role.change')
      expect(promotion).toMatchObject({ actor_user_id: admin.id, target: uma.id })
      expect(promotion.details).toMatchObject({ before: { role: 'user' }, after: { role: 'admin' } })

      const demoted = await uma.client.put(`/api/admin/users/${admin.id}/role`, { role: 'user' })
      expect(demoted.status).toBe(200)
      expect(demoted.body.role).toBe('user')
      expect((await admin.client.get('/api/admin/users')).status).toBe(403)
      const demotion = await lastAudit(t, 'user.role.change')
      expect(demotion).toMatchObject({ actor_user_id: uma.id, target: admin.id })
      expect(demotion.details).toMatchObject({ before: { role: 'admin' }, after: { role: 'user' } })
    })

    test('behavior: setting the role a user has changes nothing and records nothing', async () => {
      const { t, admin } = await setup()
      const uma = await signUp(t, 'Uma')
      const same = await admin.client.put(`/api/admin/users/${uma.id}/role`, { role: 'user' })
      expect([same.status, same.body.role]).toEqual([200, 'user'])
      expect(await auditActions(t)).toEqual([])
    })

    test('error: the last admin cannot be demoted (409 LAST_ADMIN)', async () => {
      const { t, admin } = await setup()
      const res = await admin.client.put(`/api/admin/users/${admin.id}/role`, { role: 'user' })
      expect([res.status, res.body.code]).toEqual([409, 'LAST_ADMIN'])
      expect(res.body.message).toMatch(/promote another/i)
      expect(await adminIds(t)).toEqual([admin.id])
    })

    test('error: unknown user 404, bad role 400', async () => {
      const { admin } = await setup()
      const missing = await admin.client.put('/api/admin/users/nobody/role', { role: 'admin' })
      expect([missing.status, missing.body.code]).toEqual([404, 'USER_NOT_FOUND'])
      const bad = await admin.client.put(`/api/admin/users/${admin.id}/role`, { role: 'root' })
      expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_BODY'])
      expect(bad.body.message).toMatch(/role/)
    })

    test('behavior: two admins demoting each other at the same moment leave exactly one admin', async () => {
      const { t, admin } = await setup()
      const uma = await signUp(t, 'Uma')
      await promote(admin.client, uma.id)
      const [a, b] = await Promise.all([
        admin.client.put(`/api/admin/users/${uma.id}/role`, { role: 'user' }),
        uma.client.put(`/api/admin/users/${admin.id}/role`, { role: 'user' }),
      ])
      // One wins; the other acts as an admin no more (or, had it gone first, would meet LAST_ADMIN).
      expect([a.status, b.status].sort()).toEqual([200, 403])
      expect(await adminIds(t)).toHaveLength(1)
    })

    test('behavior: four admins demoting themselves at the same moment leave exactly one admin', async () => {
      const { t, admin } = await setup()
      const others = await Promise.all(['B', 'C', 'D'].map((name) => signUp(t, name)))
      for (const other of others) await promote(admin.client, other.id)
      const everyone = [admin, ...others]
      const results = await Promise.all(
        everyone.map((person) => person.client.put(`/api/admin/users/${person.id}/role`, { role: 'user' })),
      )
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 409])
      expect(results.find((r) => r.status === 409)!.body.code).toBe('LAST_ADMIN')
      expect(await adminIds(t)).toHaveLength(1)
    })
  })

  describe('maximum of admins', () => {
    test('behavior: the setting reads 5 by default, changes with an audit entry, and caps promotions (409 ADMIN_LIMIT)', async () => {
      const { t, admin } = await setup()
      const initial = await admin.client.get('/api/admin/settings/users')
      expect(initial.body).toEqual({
        maxAdmins: 5,
        adminCount: 1,
        adminHardwareKeys: false,
        trustedKeyModels: [],
      })

      const set = await admin.client.put('/api/admin/settings/users', { maxAdmins: 2 })
      expect(set.body).toEqual({
        maxAdmins: 2,
        adminCount: 1,
        adminHardwareKeys: false,
        trustedKeyModels: [],
      })
      const entry = await lastAudit(t, 'settings.users.update')
      expect(entry.details).toEqual({ before: { maxAdmins: 5 }, after: { maxAdmins: 2 } })

      const [b, c] = [await signUp(t, 'B'), await signUp(t, 'C')]
      await promote(admin.client, b.id)
      const third = await admin.client.put(`/api/admin/users/${c.id}/role`, { role: 'admin' })
      expect([third.status, third.body.code]).toEqual([409, 'ADMIN_LIMIT'])
      expect(third.body.message).toMatch(/at most 2 admins/)
      expect(await adminIds(t)).toEqual([admin.id, b.id].sort())

      const below = await admin.client.put('/api/admin/settings/users', { maxAdmins: 1 })
      expect([below.status, below.body.code]).toEqual([409, 'ADMIN_LIMIT'])
      expect((await admin.client.get('/api/admin/settings/users')).body).toEqual({
        maxAdmins: 2,
        adminCount: 2,
        adminHardwareKeys: false,
        trustedKeyModels: [],
      })

      const invalid = await admin.client.put('/api/admin/settings/users', { maxAdmins: 0 })
      expect([invalid.status, invalid.body.code]).toEqual([400, 'INVALID_BODY'])
      expect(invalid.body.message).toMatch(/maxAdmins/)
    })

    test('behavior: concurrent promotions by two admins never exceed the maximum', async () => {
      // Each change needs its admin's step-up, so concurrent changes come from different admins.
      const { t, admin } = await setup()
      const second = await signUp(t, 'B')
      await promote(admin.client, second.id)
      await admin.client.put('/api/admin/settings/users', { maxAdmins: 3 })
      const [c, d] = await Promise.all(['C', 'D'].map((name) => signUp(t, name)))
      const results = await Promise.all([
        admin.client.put(`/api/admin/users/${c!.id}/role`, { role: 'admin' }),
        second.client.put(`/api/admin/users/${d!.id}/role`, { role: 'admin' }),
      ])
      expect(results.map((r) => r.status).sort()).toEqual([200, 409])
      expect(await adminIds(t)).toHaveLength(3)
    })

    test('error: enabling a disabled admin beyond the maximum is 409 ADMIN_LIMIT', async () => {
      const { t, admin } = await setup()
      const [b, c] = [await signUp(t, 'B'), await signUp(t, 'C')]
      await promote(admin.client, b.id)
      expect((await admin.client.post(`/api/admin/users/${b.id}/disable`)).status).toBe(200)
      await promote(admin.client, c.id)
      await admin.client.put('/api/admin/settings/users', { maxAdmins: 2 })
      const enable = await admin.client.post(`/api/admin/users/${b.id}/enable`)
      expect([enable.status, enable.body.code]).toEqual([409, 'ADMIN_LIMIT'])
    })
  })

  describe('disable and enable', () => {
    test('behavior: disabling ends every session of the user at once and refuses sign-in (403 USER_DISABLED)', async () => {
      const { t, admin } = await setup()
      const uma = await signUp(t, 'Uma')
      const laptop = t.browser().client
      expect((await login(laptop, uma.authenticator)).status).toBe(200)
      expect((await uma.client.get('/api/me')).status).toBe(200)
      expect((await laptop.get('/api/me')).status).toBe(200)

      const disabled = await admin.client.post(`/api/admin/users/${uma.id}/disable`)
      expect(disabled.status).toBe(200)
      expect(disabled.body.disabledAt).toEqual(expect.any(String))

      for (const client of [uma.client, laptop]) {
        const me = await client.get('/api/me')
        expect([me.status, me.body.code]).toEqual([401, 'UNAUTHENTICATED'])
      }
      const sessions = await t.db.selectFrom('sessions').selectAll().where('user_id', '=', uma.id).execute()
      expect(sessions).toHaveLength(2)
      expect(sessions.every((s) => s.revoked_at === disabled.body.disabledAt)).toBe(true)
      const entry = await lastAudit(t, 'user.disable')
      expect(entry).toMatchObject({ actor_user_id: admin.id, target: uma.id })
      expect(entry.details).toMatchObject({
        before: { disabledAt: null },
        after: { disabledAt: disabled.body.disabledAt },
        sessionsRevoked: 2,
      })

      const refused = await login(t.browser().client, uma.authenticator)
      expect([refused.status, refused.body.code]).toEqual([403, 'USER_DISABLED'])
      expect(refused.headers.getSetCookie()).toEqual([])

      const enabled = await admin.client.post(`/api/admin/users/${uma.id}/enable`)
      expect([enabled.status, enabled.body.disabledAt]).toEqual([200, null])
      expect((await lastAudit(t, 'user.enable')).details).toMatchObject({
        before: { disabledAt: disabled.body.disabledAt },
        after: { disabledAt: null },
      })
      // The old sessions stay revoked; a new sign-in works.
      expect((await laptop.get('/api/me')).status).toBe(401)
      expect((await login(laptop, uma.authenticator)).status).toBe(200)
      expect((await laptop.get('/api/me')).status).toBe(200)
    })

    test('behavior: a session the disable did not revoke is still refused while the user is disabled', async () => {
      const { t, admin } = await setup()
      const uma = await signUp(t, 'Uma')
      await admin.client.post(`/api/admin/users/${uma.id}/disable`)
      // As if a sign-in had committed its session right after the disable.
      await t.db.updateTable('sessions').set({ revoked_at: null }).where('user_id', '=', uma.id).execute()
      expect((await uma.client.get('/api/me')).status).toBe(401)
    })

    test('behavior: disabling an admin removes their rights at once', async () => {
      const { t, admin } = await setup()
      const uma = await signUp(t, 'Uma')
      await promote(admin.client, uma.id)
      expect((await admin.client.post(`/api/admin/users/${uma.id}/disable`)).status).toBe(200)
      expect((await uma.client.get('/api/admin/users')).status).toBe(401)
      expect(await adminIds(t)).toEqual([admin.id])
    })

    test('error: an admin cannot disable themselves (409 CANNOT_DISABLE_SELF); unknown user 404', async () => {
      const { t, admin } = await setup()
      const self = await admin.client.post(`/api/admin/users/${admin.id}/disable`)
      expect([self.status, self.body.code]).toEqual([409, 'CANNOT_DISABLE_SELF'])
      expect((await admin.client.get('/api/me')).status).toBe(200)
      const missing = await admin.client.post('/api/admin/users/nobody/disable')
      expect([missing.status, missing.body.code]).toEqual([404, 'USER_NOT_FOUND'])
      expect(await auditActions(t)).toEqual([])
    })

    test('behavior: two admins disabling each other at the same moment leave exactly one enabled admin', async () => {
      const { t, admin } = await setup()
      const uma = await signUp(t, 'Uma')
      await promote(admin.client, uma.id)
      const [a, b] = await Promise.all([
        admin.client.post(`/api/admin/users/${uma.id}/disable`),
        uma.client.post(`/api/admin/users/${admin.id}/disable`),
      ])
      // The loser's session may already be cut (401) or its action refused inside the lock (403).
      expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1)
      expect(await adminIds(t)).toHaveLength(1)
    })

    test('behavior: disabling or enabling twice changes nothing the second time', async () => {
      const { t, admin } = await setup()
      const uma = await signUp(t, 'Uma')
      const first = await admin.client.post(`/api/admin/users/${uma.id}/disable`)
      const second = await admin.client.post(`/api/admin/users/${uma.id}/disable`)
      expect(second.body.disabledAt).toBe(first.body.disabledAt)
      await admin.client.post(`/api/admin/users/${uma.id}/enable`)
      await admin.client.post(`/api/admin/users/${uma.id}/enable`)
      expect((await auditActions(t)).map((e) => e.action)).toEqual(['user.disable', 'user.enable'])
    })
  })

  describe('invites', () => {
    test('behavior: an invite link creates one account with its role, once; only its hash is stored', async () => {
      const { t, admin } = await setup()
      const created = await admin.client.post('/api/admin/invites', { role: 'admin', expiresInHours: 24 })
      expect(created.status).toBe(200)
      expect(created.body.link).toMatch(/^http:\/\/localhost:8787\/enroll#invite=[A-Za-z0-9_-]{40,}$/)
      expect(created.body).toMatchObject({ role: 'admin', createdBy: { id: admin.id, displayName: 'Ada' } })
      expect(Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)).toBe(24 * 3_600_000)
      const token = tokenOf(created.body.link)

      const listed = await admin.client.get('/api/admin/invites')
      expect(listed.body.invites).toEqual([
        {
          id: created.body.id,
          role: 'admin',
          createdBy: { id: admin.id, displayName: 'Ada' },
          createdAt: created.body.createdAt,
          expiresAt: created.body.expiresAt,
        },
      ])
      expect(listed.text).not.toContain(token)
      const stored = JSON.stringify(await t.db.selectFrom('admin_invites').selectAll().execute())
      expect(stored).not.toContain(token)
      expect(JSON.stringify(await auditActions(t))).not.toContain(token)
      expect((await lastAudit(t, 'user.invite.create')).details).toMatchObject({ role: 'admin' })

      const invited = await signUp(t, 'Ivy', token)
      const me = await invited.client.get('/api/me')
      expect(me.body.user.role).toBe('admin')
      expect((await invited.client.get('/api/admin/users')).status).toBe(200)
      const use = await lastAudit(t, 'user.invite.use')
      expect(use).toMatchObject({ actor_user_id: invited.id, target: created.body.id })
      expect(use.details).toEqual({ role: 'admin', invitedBy: admin.id })
      expect((await admin.client.get('/api/admin/invites')).body.invites).toEqual([])

      const again = await t.browser().client.post('/api/auth/register/options', {
        displayName: 'Eve',
        inviteToken: token,
      })
      expect([again.status, again.body.code]).toEqual([403, 'INVITE_INVALID'])
    })

    test('behavior: a user invite creates a user', async () => {
      const { t, admin } = await setup()
      const created = await admin.client.post('/api/admin/invites', { role: 'user', expiresInHours: 1 })
      const invited = await signUp(t, 'Uma', tokenOf(created.body.link))
      expect((await invited.client.get('/api/me')).body.user.role).toBe('user')
    })

    test('error: an expired invite is 403 INVITE_INVALID, at options and at verify', async () => {
      const { t, admin } = await setup()
      const created = await admin.client.post('/api/admin/invites', { role: 'user', expiresInHours: 1 })
      const token = tokenOf(created.body.link)
      const browser = t.browser()
      // Options a minute before the invite expires; the passkey is answered a second after it did
      // (the challenge itself lives two minutes).
      t.advance(3600 - 60)
      const { challengeId, response } = await startRegistration(browser.client, browser.authenticator, {
        displayName: 'Late',
        inviteToken: token,
      })
      t.advance(61)
      const verify = await browser.client.post('/api/auth/register/verify', {
        challengeId,
        response,
        addresses: testAddresses(++seed),
      })
      expect([verify.status, verify.body.code]).toEqual([403, 'INVITE_INVALID'])
      const options = await t.browser().client.post('/api/auth/register/options', {
        displayName: 'Later',
        inviteToken: token,
      })
      expect([options.status, options.body.code]).toEqual([403, 'INVITE_INVALID'])
      expect(await t.db.selectFrom('admin_invites').select('used_at').execute()).toEqual([{ used_at: null }])
      expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(1)
    })

    test('error: a revoked invite is 403 INVITE_INVALID, even for a ceremony already started', async () => {
      const { t, admin } = await setup()
      const created = await admin.client.post('/api/admin/invites', { role: 'admin', expiresInHours: 1 })
      const token = tokenOf(created.body.link)
      const browser = t.browser()
      const started = await startRegistration(browser.client, browser.authenticator, {
        displayName: 'Ivy',
        inviteToken: token,
      })

      const revoked = await admin.client.delete(`/api/admin/invites/${created.body.id}`)
      expect(revoked.status).toBe(204)
      expect((await lastAudit(t, 'user.invite.revoke')).details).toMatchObject({ role: 'admin' })
      expect((await admin.client.get('/api/admin/invites')).body.invites).toEqual([])
      const twice = await admin.client.delete(`/api/admin/invites/${created.body.id}`)
      expect([twice.status, twice.body.code]).toEqual([404, 'INVITE_NOT_FOUND'])

      const verify = await browser.client.post('/api/auth/register/verify', {
        challengeId: started.challengeId,
        response: started.response,
        addresses: testAddresses(++seed),
      })
      expect([verify.status, verify.body.code]).toEqual([403, 'INVITE_INVALID'])
      expect(await adminIds(t)).toEqual([admin.id])
    })

    test('behavior: two registrations racing with one invite create one account', async () => {
      const { t, admin } = await setup()
      const created = await admin.client.post('/api/admin/invites', { role: 'user', expiresInHours: 1 })
      const token = tokenOf(created.body.link)
      const [a, b] = [t.browser(), t.browser()]
      const [startA, startB] = [
        await startRegistration(a.client, a.authenticator, { displayName: 'A', inviteToken: token }),
        await startRegistration(b.client, b.authenticator, { displayName: 'B', inviteToken: token }),
      ]
      const results = await Promise.all([
        a.client.post('/api/auth/register/verify', { ...startA, addresses: testAddresses(++seed) }),
        b.client.post('/api/auth/register/verify', { ...startB, addresses: testAddresses(++seed) }),
      ])
      expect(results.map((r) => r.status).sort()).toEqual([200, 403])
      expect(results.find((r) => r.status === 403)!.body.code).toBe('INVITE_INVALID')
      expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(2)
    })

    test('error: admin invites respect the maximum, when created and when used (409 ADMIN_LIMIT)', async () => {
      const { t, admin } = await setup()
      await admin.client.put('/api/admin/settings/users', { maxAdmins: 2 })
      const created = await admin.client.post('/api/admin/invites', { role: 'admin', expiresInHours: 1 })
      const b = await signUp(t, 'B')
      await promote(admin.client, b.id)

      const refused = await admin.client.post('/api/admin/invites', { role: 'admin', expiresInHours: 1 })
      expect([refused.status, refused.body.code]).toEqual([409, 'ADMIN_LIMIT'])
      const browser = t.browser()
      const verify = await register(browser.client, browser.authenticator, {
        displayName: 'Ivy',
        inviteToken: tokenOf(created.body.link),
        addresses: testAddresses(++seed),
      })
      expect([verify.status, verify.body.code]).toEqual([409, 'ADMIN_LIMIT'])
      expect(await adminIds(t)).toHaveLength(2)
      // Refused, the invite was not used up.
      expect((await admin.client.get('/api/admin/invites')).body.invites).toHaveLength(1)
    })

    test('error: bad invite requests are 400 naming the field; unknown id 404', async () => {
      const { admin } = await setup()
      const role = await admin.client.post('/api/admin/invites', { role: 'root', expiresInHours: 1 })
      expect([role.status, role.body.code]).toEqual([400, 'INVALID_BODY'])
      const hours = await admin.client.post('/api/admin/invites', { role: 'user', expiresInHours: 10_000 })
      expect([hours.status, hours.body.code]).toEqual([400, 'INVALID_BODY'])
      expect(hours.body.message).toMatch(/expiresInHours/)
      const missing = await admin.client.delete('/api/admin/invites/nothing')
      expect([missing.status, missing.body.code]).toEqual([404, 'INVITE_NOT_FOUND'])
    })

    test('error: an unknown invite token, or both an invite and an enrollment token, are refused at options', async () => {
      const { t } = await setup()
      const client = t.browser().client
      const unknown = await client.post('/api/auth/register/options', {
        displayName: 'Eve',
        inviteToken: 'x'.repeat(43),
      })
      expect([unknown.status, unknown.body.code]).toEqual([403, 'INVITE_INVALID'])
      const both = await client.post('/api/auth/register/options', {
        displayName: 'Eve',
        inviteToken: 'x'.repeat(43),
        enrollToken: 'y'.repeat(43),
      })
      expect([both.status, both.body.code]).toEqual([400, 'INVALID_BODY'])
      expect(both.body.message).toMatch(/not both/)
    })
  })
})
