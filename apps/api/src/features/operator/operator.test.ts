import { freePort } from '@stratos/db'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ensureAdminEnrollment } from '../../enrollment/ensureAdminEnrollment.js'
import { OPERATOR_STEP_UP_SECONDS } from '../../stepUp/routeStepUp.js'
import { register } from '../../testing/ceremonies.js'
import { type LocalIdp, startLocalIdp } from '../../testing/localIdp.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import type { TestClient } from '../../testing/testClient.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

const ADMIN_GROUP = 'vault-operators'
const CLIENT_ID = 'stratos-vault'
const CLIENT_SECRET = 'local-test-client-secret-0123456789'
const REDIRECT_URI = 'http://localhost:8787/api/auth/oidc/callback'
/** The local identity provider's accounts: their name and groups. */
const ACCOUNTS = {
  olga: { name: 'Olga Operator', groups: ['staff', ADMIN_GROUP] },
  bob: { name: 'Bob Builder', groups: ['staff'] },
}

/**
 * Signs in through the local provider as a browser would: the app's start redirect, the
 * provider's redirects (with its own cookies), and back to the app's callback URL, which is
 * returned unvisited (path and query) so each test decides what to send.
 */
async function throughIdp(client: TestClient): Promise<string> {
  const start = await client.get('/api/auth/oidc/start')
  expect(start.status).toBe(302)
  const idpCookies = new Map<string, string>()
  let location = start.headers.get('location')!
  for (let hop = 0; hop < 10; hop++) {
    if (location.startsWith(REDIRECT_URI)) return location.slice('http://localhost:8787'.length)
    const res = await fetch(location, {
      redirect: 'manual',
      headers: { cookie: [...idpCookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair!.indexOf('=')
      idpCookies.set(pair!.slice(0, at), pair!.slice(at + 1))
    }
    const next = res.headers.get('location')
    if (!next) throw new Error(`The identity provider answered ${res.status}: ${await res.text()}`)
    location = new URL(next, location).href
  }
  throw new Error('Too many redirects at the identity provider')
}

describe.each(DB_KINDS)('operators through OIDC (local oidc-provider as the IdP) on %s', (kind) => {
  const databases = useTestDatabases(kind)
  let idp: LocalIdp
  beforeAll(async () => {
    idp = await startLocalIdp({
      port: await freePort(),
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT_URI,
      accounts: ACCOUNTS,
      signInAs: 'olga',
    })
  })
  afterAll(async () => {
    await idp?.stop()
  })

  async function app(): Promise<TestApp> {
    return createTestApp(await databases.fresh(), {
      oidc: {
        issuer: idp.issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        adminGroup: ADMIN_GROUP,
        groupsClaim: 'groups',
        scopes: ['openid', 'profile', 'groups'],
      },
    })
  }

  test('behavior: a member of the admin group gets an operator session that reaches admin routes', async () => {
    idp.signInAs = 'olga'
    const t = await app()
    const { client } = t.browser()
    expect((await client.get('/api/config')).body.operatorSignIn).toBe(true)

    const start = await client.get('/api/auth/oidc/start')
    const authorize = new URL(start.headers.get('location')!)
    expect(authorize.origin).toBe(idp.issuer)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorize.searchParams.get('redirect_uri')).toBe(REDIRECT_URI)
    for (const name of ['code_challenge', 'state', 'nonce'])
      expect(authorize.searchParams.get(name)).toMatch(/^[\w-]{40,}$/)

    const callback = await client.get(await throughIdp(client))
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('http://localhost:8787/admin')
    expect(client.cookies.has('sv_session')).toBe(true)
    expect(client.cookies.has('sv_oidc')).toBe(false)

    const me = await client.get('/api/operator/me')
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ kind: 'operator', displayName: 'Olga Operator', issuer: idp.issuer })
    // An operator is an admin: the session lasts an admin's lifetime, not a wallet user's.
    const row = await t.db.selectFrom('operator_sessions').selectAll().executeTakeFirstOrThrow()
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(
      t.config.adminSessionTtlSeconds * 1000,
    )
    expect(t.config.adminSessionTtlSeconds).toBeLessThan(t.config.sessionTtlSeconds)

    const audit = await client.get('/api/admin/audit')
    expect(audit.status).toBe(200)
    expect(audit.body.entries[0]).toMatchObject({
      action: 'operator.sign_in',
      actor: { id: `operator:${me.body.id}`, displayName: 'Olga Operator' },
      target: 'olga',
    })
    expect((await client.get('/api/admin/users')).status).toBe(200)

    // An admin change made by the operator is recorded with the operator as its actor.
    const partyId = `alice::1220${'a'.repeat(64)}`
    await t.db
      .insertInto('defi_vaults')
      .values({
        party_id: partyId,
        chain_id: t.config.evm.chainId,
        address: `0x${'1'.repeat(40)}`,
        vault_id: `0x${'2'.repeat(64)}`,
        adapters: '{}',
        c_token: null,
        swap_fee: 3000,
        assets: '[]',
        created_at: new Date().toISOString(),
      })
      .execute()
    expect((await client.delete(`/api/admin/defi/vaults/${encodeURIComponent(partyId)}`)).status).toBe(204)
    const after = await client.get('/api/admin/audit')
    expect(after.body.entries[0]).toMatchObject({
      action: 'defi.vault.delete',
      actor: { id: `operator:${me.body.id}`, displayName: 'Olga Operator' },
    })

    // A recent sign-in at the identity provider stands in for an operator's step-up: a role
    // change goes through (the operator is no user of the roster), and is recorded as theirs.
    const uma = t.browser()
    const signedUp = await register(uma.client, uma.authenticator, {
      displayName: 'Uma',
      addresses: testAddresses(7),
    })
    const umaId = signedUp.body.user.id as string
    const promoted = await client.put(`/api/admin/users/${umaId}/role`, { role: 'admin' })
    expect(promoted.status, promoted.text).toBe(200)
    expect((await client.get('/api/admin/audit')).body.entries[0]).toMatchObject({
      action: 'user.role.change',
      actor: { id: `operator:${me.body.id}` },
      target: umaId,
    })
    // Five minutes after the sign-in, a change needs a new one; reads still work.
    t.advance(OPERATOR_STEP_UP_SECONDS + 1)
    const late = await client.put(`/api/admin/users/${umaId}/role`, { role: 'user' })
    expect([late.status, late.body.code]).toEqual([403, 'STEP_UP_REQUIRED'])
    expect(late.body.message).toContain('Sign in again')
    expect((await client.get('/api/admin/users')).status).toBe(200)

    // Signing out revokes the operator session.
    expect((await client.post('/api/auth/logout')).status).toBe(204)
    expect((await client.get('/api/admin/audit')).status).toBe(401)
  })

  test('error: operator sign-ins count against the auth limit per client address (429 with Retry-After)', async () => {
    const t = await app()
    const flood = t.browser({ remoteAddress: '203.0.113.9' }).client
    const { limit } = t.config.rateLimits.auth.ip!
    for (let i = 0; i < limit; i++) expect((await flood.get('/api/auth/oidc/start')).status).toBe(302)
    const refused = await flood.get('/api/auth/oidc/start')
    expect([refused.status, refused.body.code]).toEqual([429, 'RATE_LIMITED'])
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // Each start stored a pending sign-in; the refused one did not.
    expect(await t.db.selectFrom('operator_logins').select('id').execute()).toHaveLength(limit)
    const other = t.browser({ remoteAddress: '198.51.100.4' }).client
    expect((await other.get('/api/auth/oidc/start')).status).toBe(302)
  })

  test('error: an operator session is refused by every wallet route with 403 OPERATOR_SESSION', async () => {
    idp.signInAs = 'olga'
    const t = await app()
    const { client } = t.browser()
    await client.get(await throughIdp(client))
    const refused = [
      await client.get('/api/me'),
      await client.put('/api/me/addresses', { addresses: testAddresses(1) }),
      await client.post('/api/me/credentials/options', {}),
      await client.delete('/api/me/credentials/x'),
      await client.post('/api/rpc/evm', { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      await client.get('/api/canton/status'),
      await client.get('/api/canton/holdings'),
      await client.post('/api/canton/execute', {}),
      await client.get('/api/defi'),
    ]
    for (const res of refused) {
      expect(res.status).toBe(403)
      expect(res.body.code).toBe('OPERATOR_SESSION')
    }
    // A wallet admin reaches /api/operator/me only to learn it is not an operator.
    const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
    const admin = t.browser()
    await register(admin.client, admin.authenticator, {
      displayName: 'Ada',
      enrollToken: token,
      addresses: testAddresses(2),
    })
    const notOperator = await admin.client.get('/api/operator/me')
    expect(notOperator.status).toBe(404)
    expect(notOperator.body.code).toBe('NOT_AN_OPERATOR')
  })

  test('error: an account outside the admin group is refused with 403 OIDC_NOT_OPERATOR', async () => {
    idp.signInAs = 'bob'
    const t = await app()
    const { client } = t.browser()
    const callback = await client.get(await throughIdp(client))
    expect(callback.status).toBe(403)
    expect(callback.body.code).toBe('OIDC_NOT_OPERATOR')
    expect(callback.body.message).toContain(ADMIN_GROUP)
    expect(client.cookies.has('sv_session')).toBe(false)
    expect((await client.get('/api/admin/audit')).status).toBe(401)
    expect(await t.db.selectFrom('operators').selectAll().execute()).toEqual([])
  })

  test('behavior: a browser is shown a refusal as a page, with its status and message', async () => {
    idp.signInAs = 'bob'
    const t = await app()
    const { client } = t.browser()
    const path = await throughIdp(client)
    // The test client reads JSON only: this request is sent as the browser's navigation would be.
    const res = await t.app.request(`http://localhost:8787${path}`, {
      headers: {
        accept: 'text/html,application/xhtml+xml',
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    })
    const html = await res.text()
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(html).toContain('Operator sign-in refused')
    expect(html).toContain(`not in the group &#39;${ADMIN_GROUP}&#39;`)
    expect(html).toContain('<code>OIDC_NOT_OPERATOR</code>')
    expect(res.headers.get('set-cookie') ?? '').not.toContain('sv_session=ey')
    expect(t.logs.some((line) => line.includes('"code":"OIDC_NOT_OPERATOR"'))).toBe(true)
  })

  test('error: a wrong state is refused, and the sign-in it belonged to cannot be finished after', async () => {
    idp.signInAs = 'olga'
    const t = await app()
    const { client } = t.browser()
    const path = await throughIdp(client)
    const login = client.cookies.get('sv_oidc')!
    const url = new URL(path, 'http://localhost:8787')
    url.searchParams.set('state', 'not-the-state-of-this-sign-in')
    const wrong = await client.get(`${url.pathname}${url.search}`)
    expect(wrong.status).toBe(400)
    expect(wrong.body.code).toBe('OIDC_STATE_MISMATCH')
    expect(client.cookies.has('sv_session')).toBe(false)

    client.cookies.set('sv_oidc', login)
    const retried = await client.get(path)
    expect(retried.status).toBe(400)
    expect(retried.body.code).toBe('OIDC_LOGIN_UNKNOWN')
  })

  test('error: a replayed callback is refused (each sign-in is single use)', async () => {
    idp.signInAs = 'olga'
    const t = await app()
    const { client } = t.browser()
    const path = await throughIdp(client)
    const login = client.cookies.get('sv_oidc')!
    expect((await client.get(path)).status).toBe(302)

    const attacker = t.browser().client
    attacker.cookies.set('sv_oidc', login)
    const replayed = await attacker.get(path)
    expect(replayed.status).toBe(400)
    expect(replayed.body.code).toBe('OIDC_LOGIN_UNKNOWN')
    expect(attacker.cookies.has('sv_session')).toBe(false)
  })

  test('error: a callback without a start in this browser is refused', async () => {
    idp.signInAs = 'olga'
    const t = await app()
    const starter = t.browser().client
    const path = await throughIdp(starter)
    // Another browser (no sv_oidc cookie) brings the code: login CSRF or a link shared by mistake.
    const other = t.browser().client
    const res = await other.get(path)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('OIDC_LOGIN_UNKNOWN')
    expect(other.cookies.has('sv_session')).toBe(false)
    expect((await t.browser().client.get('/api/auth/oidc/callback?code=x&state=y')).body.code).toBe(
      'OIDC_LOGIN_UNKNOWN',
    )
  })

  test('error: an expired sign-in is refused', async () => {
    idp.signInAs = 'olga'
    const t = await app()
    const { client } = t.browser()
    const path = await throughIdp(client)
    t.advance(601)
    const res = await client.get(path)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('OIDC_LOGIN_EXPIRED')
  })
})

describe.each(DB_KINDS)('operator sign-in off on %s', (kind) => {
  const databases = useTestDatabases(kind)

  test('error: without OIDC settings the routes answer 404 OIDC_NOT_CONFIGURED', async () => {
    const t = createTestApp(await databases.fresh())
    const { client } = t.browser()
    expect((await client.get('/api/config')).body.operatorSignIn).toBe(false)
    for (const path of ['/api/auth/oidc/start', '/api/auth/oidc/callback?code=x&state=y']) {
      const res = await client.get(path)
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('OIDC_NOT_CONFIGURED')
    }
  })

  test('error: an identity provider that is down answers 502 and does not stop the wallet', async () => {
    const t = createTestApp(await databases.fresh(), {
      oidc: {
        issuer: `http://127.0.0.1:${await freePort()}`,
        clientId: CLIENT_ID,
        clientSecret: null,
        adminGroup: ADMIN_GROUP,
        groupsClaim: 'groups',
        scopes: ['openid'],
      },
    })
    const { client } = t.browser()
    const res = await client.get('/api/auth/oidc/start')
    expect(res.status).toBe(502)
    expect(res.body.code).toBe('OIDC_PROVIDER_UNAVAILABLE')
    expect((await client.get('/api/config')).status).toBe(200)
  })
})
