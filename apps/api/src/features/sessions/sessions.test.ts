import { describe, expect, test } from 'vitest'
import { ensureAdminEnrollment } from '../../enrollment/ensureAdminEnrollment.js'
import { parseRange } from '../../http/clientAddress.js'
import { addCredential, login, register, startRegistration, stepUp } from '../../testing/ceremonies.js'
import { createSoftAuthenticator, type SoftAuthenticator } from '../../testing/softAuthenticator.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import type { TestClient } from '../../testing/testClient.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'

const FIREFOX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1'
const WRAPPED = { iv: 'A'.repeat(16), ciphertext: 'B'.repeat(64) }

/** Signs in as the holder of `authenticator` from another browser (its own cookie jar and address). */
async function signInElsewhere(
  t: TestApp,
  authenticator: SoftAuthenticator,
  { remoteAddress, userAgent }: { remoteAddress: string; userAgent?: string },
): Promise<TestClient> {
  const { client } = t.browser({ remoteAddress })
  const options = await client.post('/api/auth/login/options', {})
  const response = await authenticator.authenticate(options.body.options)
  const res = await client.request(
    'POST',
    '/api/auth/login/verify',
    { challengeId: options.body.challengeId, response },
    userAgent ? { 'user-agent': userAgent } : {},
  )
  expect(res.status).toBe(200)
  return client
}

/** The audit entries of `action`, oldest first: who, on whom, what, from where. */
function auditEntries(t: TestApp, action: string) {
  return t.db
    .selectFrom('audit_log')
    .select(['actor_user_id', 'target', 'details', 'ip'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute()
}

describe.each(API_TARGETS)('/api/me/sessions on %s', (kind) => {
  const databases = useTestDatabases(kind)

  /** Alice, registered from 203.0.113.7 with Firefox. */
  async function alice(t: TestApp) {
    const { client, authenticator } = t.browser({ remoteAddress: '203.0.113.7' })
    const pending = await startRegistration(client, authenticator, { displayName: 'Alice' })
    const res = await client.request(
      'POST',
      '/api/auth/register/verify',
      { ...pending, addresses: testAddresses(1) },
      { 'user-agent': FIREFOX },
    )
    expect(res.status).toBe(200)
    return { client, authenticator, userId: res.body.user.id as string }
  }

  test('behavior: lists live sessions newest first with device, address, times; the caller is `current`', async () => {
    const t = createTestApp(await databases.fresh())
    const a = await alice(t)
    t.advance(60)
    const phone = await signInElsewhere(t, a.authenticator, {
      remoteAddress: '198.51.100.4',
      userAgent: SAFARI,
    })

    const res = await a.client.get('/api/me/sessions')
    expect(res.status).toBe(200)
    const [newest, oldest] = res.body.sessions
    expect(res.body.sessions).toHaveLength(2)
    expect(newest).toEqual({
      id: expect.any(String),
      device: 'Safari 17 on iOS',
      browser: 'Safari 17',
      os: 'iOS',
      ip: '198.51.100.4',
      createdAt: expect.any(String),
      lastSeenAt: newest.createdAt,
      expiresAt: expect.any(String),
      current: false,
    })
    expect(oldest).toMatchObject({ device: 'Firefox 121 on Linux', ip: '203.0.113.7', current: true })
    expect(Date.parse(oldest.expiresAt) - Date.parse(oldest.createdAt)).toBe(3600_000)
    expect(
      (await phone.get('/api/me/sessions')).body.sessions.map((s: { current: boolean }) => s.current),
    ).toEqual([true, false])
    // Each session names the passkey that made it.
    const rows = await t.db.selectFrom('sessions').select('credential_id').execute()
    expect(rows.map((r) => r.credential_id)).toEqual([
      a.authenticator.credentials[0]!.id,
      a.authenticator.credentials[0]!.id,
    ])
    // Never a token.
    expect(res.text).not.toContain(a.client.cookies.get('sv_session')!)
    // An expired session is not listed; nobody signed in is 401.
    t.advance(3590)
    const later = await phone.get('/api/me/sessions')
    expect(later.body.sessions.map((s: { id: string }) => s.id)).toEqual([newest.id])
    expect((await a.client.get('/api/me/sessions')).status).toBe(401)
    expect((await t.browser().client.get('/api/me/sessions')).status).toBe(401)
  })

  test('behavior: last seen moves at most once a minute, not on every request', async () => {
    const t = createTestApp(await databases.fresh())
    const a = await alice(t)
    const lastSeen = async () =>
      await t.db.selectFrom('sessions').select(['created_at', 'last_seen_at']).executeTakeFirstOrThrow()
    const { created_at } = await lastSeen()
    t.advance(30)
    await a.client.get('/api/me')
    expect((await lastSeen()).last_seen_at).toBe(created_at)
    t.advance(30)
    await a.client.get('/api/me')
    const moved = (await lastSeen()).last_seen_at!
    expect(Date.parse(moved) - Date.parse(created_at)).toBeGreaterThanOrEqual(60_000)
    t.advance(59)
    await a.client.get('/api/me')
    await a.client.get('/api/me/sessions')
    expect((await lastSeen()).last_seen_at).toBe(moved)
    const listed = await a.client.get('/api/me/sessions')
    expect(listed.body.sessions[0].lastSeenAt).toBe(moved)
  })

  test('behavior: revoking another session refuses its cookie at once; the caller stays signed in', async () => {
    const t = createTestApp(await databases.fresh())
    const a = await alice(t)
    const other = await signInElsewhere(t, a.authenticator, { remoteAddress: '198.51.100.4' })
    const list = await a.client.get('/api/me/sessions')
    const target = list.body.sessions.find((s: { current: boolean }) => !s.current)
    expect((await other.get('/api/me')).status).toBe(200)

    const res = await a.client.delete(`/api/me/sessions/${target.id}`)
    expect(res.status).toBe(204)
    const refused = await other.get('/api/me')
    expect(refused.status).toBe(401)
    expect(refused.body.code).toBe('UNAUTHENTICATED')
    expect((await a.client.get('/api/me')).status).toBe(200)
    expect((await a.client.get('/api/me/sessions')).body.sessions).toHaveLength(1)
    // One audit entry, by the user from the revoking browser, naming the session.
    const entries = await auditEntries(t, 'session.revoke')
    expect(entries).toEqual([
      {
        actor_user_id: a.userId,
        target: a.userId,
        details: JSON.stringify({ sessionId: target.id, current: false }),
        ip: '203.0.113.7',
      },
    ])
    // Revoked already, and an id that was never a session: 404, and nothing more recorded.
    for (const id of [target.id, 'no-such-session']) {
      const missing = await a.client.delete(`/api/me/sessions/${id}`)
      expect(missing.status).toBe(404)
      expect(missing.body.code).toBe('SESSION_NOT_FOUND')
    }
    expect(await auditEntries(t, 'session.revoke')).toHaveLength(1)
  })

  test("error: another user's session is 404 SESSION_NOT_FOUND and stays signed in", async () => {
    const t = createTestApp(await databases.fresh())
    const a = await alice(t)
    const mallory = t.browser()
    await register(mallory.client, mallory.authenticator, {
      displayName: 'Mallory',
      addresses: testAddresses(2),
    })
    const [aliceSession] = (await a.client.get('/api/me/sessions')).body.sessions
    const res = await mallory.client.delete(`/api/me/sessions/${aliceSession.id}`)
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('SESSION_NOT_FOUND')
    expect((await a.client.get('/api/me')).status).toBe(200)
    // Mallory's list holds only Mallory's session.
    const theirs = await mallory.client.get('/api/me/sessions')
    expect(theirs.body.sessions).toHaveLength(1)
    expect(theirs.body.sessions[0].id).not.toBe(aliceSession.id)
  })

  test('behavior: revoking the current session signs the caller out', async () => {
    const t = createTestApp(await databases.fresh())
    const a = await alice(t)
    const [own] = (await a.client.get('/api/me/sessions')).body.sessions
    const res = await a.client.delete(`/api/me/sessions/${own.id}`)
    expect(res.status).toBe(204)
    expect(res.headers.get('set-cookie')).toMatch(/sv_session=;.*Max-Age=0/)
    expect((await a.client.get('/api/me')).status).toBe(401)
  })

  test('behavior: revoke-others ends every other session and says how many', async () => {
    const t = createTestApp(await databases.fresh())
    const a = await alice(t)
    const others = [
      await signInElsewhere(t, a.authenticator, { remoteAddress: '198.51.100.4' }),
      await signInElsewhere(t, a.authenticator, { remoteAddress: '198.51.100.5' }),
    ]
    const res = await a.client.post('/api/me/sessions/revoke-others')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ revoked: 2 })
    for (const other of others) expect((await other.get('/api/me')).status).toBe(401)
    expect((await a.client.get('/api/me')).status).toBe(200)
    expect((await a.client.get('/api/me/sessions')).body.sessions).toHaveLength(1)
    expect((await a.client.post('/api/me/sessions/revoke-others')).body).toEqual({ revoked: 0 })
    // Recorded once, with the count; the call that revoked nothing records nothing.
    expect(await auditEntries(t, 'session.revoke_others')).toEqual([
      {
        actor_user_id: a.userId,
        target: a.userId,
        details: JSON.stringify({ revoked: 2 }),
        ip: '203.0.113.7',
      },
    ])
  })

  test('behavior: removing a passkey revokes the sessions it made, and only those', async () => {
    const t = createTestApp(await databases.fresh())
    const a = await alice(t)
    const backup = createSoftAuthenticator({ origin: t.config.origin })
    expect(
      (await addCredential(a.client, backup, { wrappedEntropy: WRAPPED, existing: a.authenticator })).status,
    ).toBe(200)
    const viaBackup = await signInElsewhere(t, backup, { remoteAddress: '198.51.100.4' })
    const viaFirst = await signInElsewhere(t, a.authenticator, { remoteAddress: '198.51.100.5' })

    const remove = async (id: string) =>
      viaFirst.request('DELETE', `/api/me/credentials/${id}`, {
        stepUp: await stepUp(viaFirst, a.authenticator, { action: 'passkey.remove', target: id }),
      })
    const removed = await remove(backup.credentials[0]!.id)
    expect(removed.status).toBe(200)
    expect((await viaBackup.get('/api/me')).status).toBe(401)
    expect((await viaFirst.get('/api/me')).status).toBe(200)
    expect((await a.client.get('/api/me')).status).toBe(200)
    expect((await a.client.get('/api/me/sessions')).body.sessions).toHaveLength(2)

    // A refused removal (the last passkey) revokes nothing: the transaction rolled back.
    const last = await remove(a.authenticator.credentials[0]!.id)
    expect(last.status).toBe(409)
    expect((await viaFirst.get('/api/me')).status).toBe(200)
    expect((await a.client.get('/api/me')).status).toBe(200)
  })

  test('error: past the bound, options are 429 TOO_MANY_CHALLENGES with Retry-After; another client is fine', async () => {
    const t = createTestApp(await databases.fresh(), { maxChallengesPerClient: 2 })
    const greedy = t.browser({ remoteAddress: '203.0.113.9' }).client
    expect((await greedy.post('/api/auth/login/options', {})).status).toBe(200)
    t.advance(20)
    expect((await greedy.post('/api/auth/register/options', { displayName: 'X' })).status).toBe(200)
    for (const res of [
      await greedy.post('/api/auth/login/options', {}),
      await greedy.post('/api/auth/register/options', { displayName: 'X' }),
    ]) {
      expect(res.status).toBe(429)
      expect(res.body).toEqual({
        code: 'TOO_MANY_CHALLENGES',
        message: expect.stringMatching(/retry in 100 s/),
      })
      expect(res.headers.get('retry-after')).toBe('100')
    }
    const other = t.browser({ remoteAddress: '203.0.113.10' })
    expect((await register(other.client, other.authenticator, { addresses: testAddresses(3) })).status).toBe(
      200,
    )
    // Once the oldest expired, the client may ask again.
    t.advance(100)
    expect((await greedy.post('/api/auth/login/options', {})).status).toBe(200)
    // A signed-in client adding a backup passkey is bounded the same way.
    expect((await other.client.post('/api/me/credentials/options', {})).status).toBe(200)
    expect((await other.client.post('/api/me/credentials/options', {})).status).toBe(200)
    expect((await other.client.post('/api/me/credentials/options', {})).status).toBe(429)
  })

  test('behavior: behind a trusted proxy, each forwarded client has its own bound and its address on its session', async () => {
    const t = createTestApp(await databases.fresh(), {
      maxChallengesPerClient: 1,
      trustedProxies: [parseRange('10.0.0.0/8')!],
    })
    const proxied = t.browser({ remoteAddress: '10.0.0.2' }).client
    const from = (ip: string) => ({ 'x-forwarded-for': ip })
    expect((await proxied.request('POST', '/api/auth/login/options', {}, from('198.51.100.1'))).status).toBe(
      200,
    )
    const second = await proxied.request('POST', '/api/auth/login/options', {}, from('198.51.100.1'))
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).toBe('120')
    expect((await proxied.request('POST', '/api/auth/login/options', {}, from('198.51.100.2'))).status).toBe(
      200,
    )

    const b = t.browser({ remoteAddress: '10.0.0.2' })
    const options = await b.client.request(
      'POST',
      '/api/auth/register/options',
      { displayName: 'Bo' },
      from('198.51.100.3'),
    )
    const response = await b.authenticator.register(options.body.options)
    const verified = await b.client.request(
      'POST',
      '/api/auth/register/verify',
      { challengeId: options.body.challengeId, response, addresses: testAddresses(4) },
      from('198.51.100.3'),
    )
    expect(verified.status).toBe(200)
    const row = await t.db.selectFrom('sessions').select(['ip', 'user_agent']).executeTakeFirstOrThrow()
    expect(row).toEqual({ ip: '198.51.100.3', user_agent: null })
  })
})

describe.each(API_TARGETS)('/api/admin/users/:id/sessions on %s', (kind) => {
  const databases = useTestDatabases(kind)

  async function setup() {
    const t = createTestApp(await databases.fresh())
    const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
    const admin = t.browser({ remoteAddress: '192.0.2.1' })
    const ada = await register(admin.client, admin.authenticator, {
      displayName: 'Ada',
      enrollToken: token,
      addresses: testAddresses(1),
    })
    const user = t.browser({ remoteAddress: '198.51.100.7' })
    const uma = await register(user.client, user.authenticator, {
      displayName: 'Uma',
      addresses: testAddresses(2),
    })
    const laptop = await signInElsewhere(t, user.authenticator, { remoteAddress: '198.51.100.8' })
    return {
      t,
      admin: admin.client,
      adminId: ada.body.user.id as string,
      user,
      umaId: uma.body.user.id as string,
      laptop,
    }
  }

  test("behavior: an admin lists a user's sessions and revokes them all, with an audit entry", async () => {
    const { t, admin, adminId, user, umaId, laptop } = await setup()
    const list = await admin.get(`/api/admin/users/${umaId}/sessions`)
    expect(list.status).toBe(200)
    expect(list.body.sessions.map((s: { ip: string; current: boolean }) => [s.ip, s.current])).toEqual([
      ['198.51.100.8', false],
      ['198.51.100.7', false],
    ])

    const res = await admin.post(`/api/admin/users/${umaId}/sessions/revoke`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ revoked: 2 })
    expect((await user.client.get('/api/me')).status).toBe(401)
    expect((await laptop.get('/api/me')).status).toBe(401)
    expect((await admin.get(`/api/admin/users/${umaId}/sessions`)).body.sessions).toEqual([])
    expect((await admin.get('/api/me')).status).toBe(200)

    const audit = await admin.get('/api/admin/audit')
    expect(audit.body.entries[0]).toMatchObject({
      actor: { id: adminId, displayName: 'Ada' },
      action: 'user.sessions.revoke',
      target: umaId,
      details: { revoked: 2 },
    })
    const row = await t.db
      .selectFrom('audit_log')
      .select(['ip', 'request_id'])
      .where('action', '=', 'user.sessions.revoke')
      .executeTakeFirstOrThrow()
    expect(row.ip).toBe('192.0.2.1')
    expect(row.request_id).toEqual(expect.any(String))

    // Signed in again, the user is back; a second revocation counts only what is live.
    expect((await login(user.client, user.authenticator)).status).toBe(200)
    expect((await admin.post(`/api/admin/users/${umaId}/sessions/revoke`)).body).toEqual({ revoked: 1 })
  })

  test('error: a user is 403 FORBIDDEN, nobody is 401, an unknown user is 404 USER_NOT_FOUND', async () => {
    const { t, admin, adminId, user, umaId } = await setup()
    for (const res of [
      await user.client.get(`/api/admin/users/${adminId}/sessions`),
      await user.client.post(`/api/admin/users/${adminId}/sessions/revoke`),
      await user.client.post(`/api/admin/users/${umaId}/sessions/revoke`),
    ]) {
      expect(res.status).toBe(403)
      expect(res.body.code).toBe('FORBIDDEN')
    }
    expect((await admin.get('/api/me')).status).toBe(200)
    expect((await user.client.get('/api/me')).status).toBe(200)
    const anonymous = t.browser().client
    expect((await anonymous.get(`/api/admin/users/${umaId}/sessions`)).status).toBe(401)
    expect((await anonymous.post(`/api/admin/users/${umaId}/sessions/revoke`)).status).toBe(401)
    for (const res of [
      await admin.get('/api/admin/users/nobody/sessions'),
      await admin.post('/api/admin/users/nobody/sessions/revoke'),
    ]) {
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('USER_NOT_FOUND')
    }
    // Nothing was revoked, so nothing was audited.
    expect((await admin.get('/api/admin/audit?action=user.')).body.entries).toEqual([])
  })
})
