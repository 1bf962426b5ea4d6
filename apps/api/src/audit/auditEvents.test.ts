import { verifyAuditChain } from '@stratos/db'
import { describe, expect, test } from 'vitest'
import { ensureAdminEnrollment } from '../enrollment/ensureAdminEnrollment.js'
import { hkdfFromPrf, PRF_INPUT, wrapEntropy } from '../testing/browserKeys.js'
import { startAddCredential, startLogin, stepUp } from '../testing/ceremonies.js'
import { createSoftAuthenticator, evaluatePrf, type SoftAuthenticator } from '../testing/softAuthenticator.js'
import { testAddresses } from '../testing/testAddresses.js'
import { createTestApp, type TestApp } from '../testing/testApp.js'
import type { TestClient } from '../testing/testClient.js'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'

/** A user agent with a comma and quotes: CSV must quote it. */
const UA = 'Mozilla/5.0 (audit test, "quoted")'

describe.each(DB_KINDS)('the audit log on %s', (kind) => {
  const databases = useTestDatabases(kind)

  /** An instance with an admin (Ada) and a user (Uma), both registered from a browser sending UA. */
  async function instance() {
    const t = createTestApp(await databases.fresh())
    const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
    const admin = t.browser()
    expect((await registerWithUa(admin, { displayName: 'Ada', enrollToken: token }, 1)).status).toBe(200)
    const user = t.browser()
    expect((await registerWithUa(user, { displayName: 'Uma' }, 2)).status).toBe(200)
    const adminId = (await admin.client.get('/api/me')).body.user.id as string
    const userId = (await user.client.get('/api/me')).body.user.id as string
    return { t, admin, user, adminId, userId }
  }

  async function registerWithUa(
    browser: { client: TestClient; authenticator: SoftAuthenticator },
    input: { displayName: string; enrollToken?: string },
    seed: number,
  ) {
    const options = await browser.client.post('/api/auth/register/options', input)
    const response = await browser.authenticator.register(options.body.options)
    return browser.client.request(
      'POST',
      '/api/auth/register/verify',
      { challengeId: options.body.challengeId, response, addresses: testAddresses(seed) },
      { 'user-agent': UA },
    )
  }

  async function signIn(browser: { client: TestClient; authenticator: SoftAuthenticator }) {
    const pending = await startLogin(browser.client, browser.authenticator)
    return browser.client.request('POST', '/api/auth/login/verify', pending, { 'user-agent': UA })
  }

  const rows = (t: TestApp) => t.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()

  test('behavior: registration, sign-in, a refused sign-in and sign-out are recorded with actor, user agent and reason; the chain verifies', async () => {
    const { t, user, userId } = await instance()
    expect((await signIn(user)).status).toBe(200)
    // A valid signature over other data: refused as SIGNATURE_INVALID.
    const pending = await startLogin(user.client, user.authenticator)
    const other = await startLogin(user.client, user.authenticator)
    pending.response.response.signature = other.response.response.signature
    const refused = await user.client.request('POST', '/api/auth/login/verify', pending, { 'user-agent': UA })
    expect(refused.body.code).toBe('SIGNATURE_INVALID')
    expect(
      (await user.client.request('POST', '/api/auth/logout', undefined, { 'user-agent': UA })).status,
    ).toBe(204)

    const log = await rows(t)
    expect(log.map((r) => r.action)).toEqual([
      'auth.register',
      'auth.register',
      'auth.sign_in.success',
      'auth.sign_in.failure',
      'auth.sign_out',
    ])
    const credentialId = user.authenticator.credentials[0]!.id
    const [adminRegistered, userRegistered, success, failure, signOut] = log
    expect(JSON.parse(adminRegistered!.details)).toMatchObject({ role: 'admin' })
    expect(userRegistered).toMatchObject({ actor_user_id: userId, target: userId, user_agent: UA })
    expect(JSON.parse(userRegistered!.details)).toEqual({ role: 'user', credentialId, attestedModel: null })
    expect(success).toMatchObject({ actor_user_id: userId, target: credentialId, user_agent: UA })
    expect(failure).toMatchObject({ actor_user_id: null, target: credentialId, user_agent: UA })
    expect(JSON.parse(failure!.details)).toEqual({ reason: 'SIGNATURE_INVALID' })
    expect(signOut).toMatchObject({ actor_user_id: userId, action: 'auth.sign_out' })
    // Never the WebAuthn response.
    expect(log.map((r) => r.details).join('')).not.toContain(pending.response.response.signature)
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 5 })
  })

  test('behavior: an unknown passkey is recorded as a failure without a user', async () => {
    const { t, user } = await instance()
    const stranger = createSoftAuthenticator({ origin: t.config.origin })
    const options = await user.client.post('/api/auth/register/options', { displayName: 'ghost' })
    await stranger.register(options.body.options)
    expect((await signIn({ client: user.client, authenticator: stranger })).body.code).toBe(
      'CREDENTIAL_UNKNOWN',
    )
    const failure = (await rows(t)).at(-1)!
    expect(failure).toMatchObject({ action: 'auth.sign_in.failure', actor_user_id: null })
    expect(JSON.parse(failure.details)).toEqual({ reason: 'CREDENTIAL_UNKNOWN' })
  })

  test('behavior: adding, renaming and removing a passkey are recorded (counts before and after, the new name)', async () => {
    const { t, user, userId } = await instance()
    const backup = createSoftAuthenticator({ origin: t.config.origin })
    const addProof = await stepUp(user.client, user.authenticator, { action: 'passkey.add' })
    const pending = await startAddCredential(user.client, backup)
    const entropy = await hkdfFromPrf(
      await evaluatePrf(user.authenticator.credentials[0]!, PRF_INPUT),
      'master-seed/v1',
    )
    const wrapKey = await hkdfFromPrf(await evaluatePrf(backup.credentials[0]!, PRF_INPUT), 'wrap-key/v1')
    const added = await user.client.post('/api/me/credentials/verify', {
      ...pending,
      wrappedEntropy: await wrapEntropy(entropy, wrapKey),
      stepUp: addProof,
    })
    expect(added.status).toBe(200)
    const backupId = backup.credentials[0]!.id
    const renameProof = await stepUp(user.client, user.authenticator, {
      action: 'passkey.rename',
      target: backupId,
    })
    const renamed = await user.client.request('PATCH', `/api/me/credentials/${backupId}`, {
      name: 'Office key',
      stepUp: renameProof,
    })
    expect(renamed.status, renamed.text).toBe(200)
    const [rename] = (await rows(t)).slice(-1)
    expect(rename).toMatchObject({ action: 'passkey.rename', actor_user_id: userId, target: backupId })
    expect(JSON.parse(rename!.details)).toEqual({ after: { name: 'Office key' } })
    const proof = await stepUp(user.client, user.authenticator, {
      action: 'passkey.remove',
      target: backupId,
    })
    expect(
      (await user.client.request('DELETE', `/api/me/credentials/${backupId}`, { stepUp: proof })).status,
    ).toBe(200)
    const [add, , remove] = (await rows(t)).slice(-3)
    expect(add).toMatchObject({ action: 'passkey.add', actor_user_id: userId, target: backupId })
    expect(JSON.parse(add!.details)).toEqual({
      kind: 'backup',
      passkeys: { before: 1, after: 2 },
      attestedModel: null,
    })
    expect(remove).toMatchObject({ action: 'passkey.remove', actor_user_id: userId, target: backupId })
    expect(JSON.parse(remove!.details)).toEqual({ passkeys: { before: 2, after: 1 } })
  })

  test('behavior: the admin list filters by action prefix, actor and time, and pages newest first', async () => {
    const { t, admin, user, userId } = await instance()
    t.advance(1)
    expect((await signIn(user)).status).toBe(200)
    expect((await signIn(user)).status).toBe(200)
    const all = await admin.client.get('/api/admin/audit')
    expect(all.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'auth.sign_in.success',
      'auth.sign_in.success',
      'auth.register',
      'auth.register',
    ])
    expect(all.body.entries[0]).toMatchObject({
      seq: 4,
      actor: { id: userId, displayName: 'Uma' },
      userAgent: UA,
    })

    const signIns = await admin.client.get('/api/admin/audit?action=auth.sign_in&limit=1')
    expect(signIns.body.entries.map((e: { seq: number }) => e.seq)).toEqual([4])
    const older = await admin.client.get(
      `/api/admin/audit?action=auth.sign_in&limit=1&before=${signIns.body.nextBefore}`,
    )
    expect(older.body.entries.map((e: { seq: number }) => e.seq)).toEqual([3])
    expect(older.body.nextBefore).toBeNull()

    const byActor = await admin.client.get(`/api/admin/audit?actor=${userId}`)
    expect(byActor.body.entries.map((e: { seq: number }) => e.seq)).toEqual([4, 3, 2])

    const third = (await rows(t))[2]!.at
    const window = await admin.client.get(
      `/api/admin/audit?since=${encodeURIComponent(third)}&until=2999-01-01T00:00:00%2B02:00`,
    )
    expect(window.body.entries.map((e: { seq: number }) => e.seq)).toEqual([4, 3])
  })

  test('error: a bad filter is 400 INVALID_QUERY naming it; a user is 403', async () => {
    const { admin, user } = await instance()
    const bad = await admin.client.get('/api/admin/audit?since=yesterday')
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ code: 'INVALID_QUERY' })
    expect(bad.body.message).toContain('since')
    expect((await user.client.get('/api/admin/audit/export')).status).toBe(403)
    const format = await admin.client.get('/api/admin/audit/export?format=xml')
    expect(format.status).toBe(400)
    expect(format.body.message).toContain('format')
  })

  test('behavior: the export is an attachment in JSON lines or CSV, oldest first, and is itself recorded', async () => {
    const { t, admin, userId } = await instance()
    const download = async (query: string) => {
      const response = await t.app.request(`${t.config.origin}/api/admin/audit/export?${query}`, {
        headers: {
          origin: t.config.origin,
          cookie: [...admin.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      })
      return { response, text: await response.text() }
    }
    const jsonl = await download('format=jsonl')
    expect(jsonl.response.status).toBe(200)
    expect(jsonl.response.headers.get('content-type')).toBe('application/x-ndjson')
    expect(jsonl.response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="stratos-audit-[\w-]+\.jsonl"$/,
    )
    const lines = jsonl.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.map((l) => [l.seq, l.action])).toEqual([
      [1, 'auth.register'],
      [2, 'auth.register'],
      [3, 'audit.export'],
    ])
    expect(lines[1]).toMatchObject({ actorUserId: userId, userAgent: UA, details: { role: 'user' } })
    expect(lines[1].hash).toMatch(/^[0-9a-f]{64}$/)
    expect(lines[2].prevHash).toBe(lines[1].hash)

    const csv = await download(`format=csv&actor=${userId}`)
    expect(csv.response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const [header, row, end] = csv.text.split('\r\n')
    expect(header).toBe('seq,id,at,actorUserId,action,target,details,requestId,ip,userAgent,prevHash,hash')
    expect(row).toContain(`,${userId},auth.register,${userId},"{""role"":""user"",""credentialId"":""`)
    expect(row).toContain(`,"Mozilla/5.0 (audit test, ""quoted"")",`)
    expect(end).toBe('')
  })

  test('behavior: /api/me/sign-ins lists the user own sign-ins and refused attempts on their passkeys, newest first', async () => {
    const { t, admin, user } = await instance()
    expect((await signIn(user)).status).toBe(200)
    expect((await signIn(admin)).status).toBe(200)
    t.advance(1)
    const pending = await startLogin(user.client, user.authenticator)
    pending.response.response.userHandle = 'AAAA'
    expect((await user.client.post('/api/auth/login/verify', pending)).body.code).toBe('USER_HANDLE_MISMATCH')
    // Refused, so the user's session is the one from their sign-in above.
    const first = await user.client.get('/api/me/sign-ins?limit=1')
    expect(first.status).toBe(200)
    expect(first.body.signIns).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        reason: 'USER_HANDLE_MISMATCH',
        credentialId: user.authenticator.credentials[0]!.id,
      }),
    ])
    const rest = await user.client.get(`/api/me/sign-ins?before=${first.body.nextBefore}`)
    expect(rest.body.signIns).toEqual([
      expect.objectContaining({ outcome: 'success', reason: null, userAgent: UA }),
    ])
    expect(rest.body.nextBefore).toBeNull()
    // The admin's sign-in is not the user's.
    expect((await admin.client.get('/api/me/sign-ins')).body.signIns).toHaveLength(1)
    expect((await user.client.get('/api/me/sign-ins?before=nope')).status).toBe(400)
  })
})
