import { type CantonDevnet, startCantonDevnet } from '@stratos/canton-devnet'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CantonConfig } from '../config.js'
import { ensureAdminEnrollment } from '../enrollment/ensureAdminEnrollment.js'
import { setUpCantonDevRegistry } from '../features/dev/setUpCantonDevRegistry.js'
import { cantonPerson, onboardCantonPerson } from '../testing/cantonPeople.js'
import { register } from '../testing/ceremonies.js'
import { type LocalIdp, startMachineTokenIdp } from '../testing/localIdp.js'
import { testAddresses } from '../testing/testAddresses.js'
import { createTestApp } from '../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'
import { createLedgerApiAuth } from './ledgerApiAuth.js'

/** The audience the participant's jwt-jwks auth service expects (Canton's `target-audience`). */
const AUDIENCE = 'https://ledger.stratos.test'
const WALLET = { clientId: 'stratos-wallet', clientSecret: 'wallet-client-secret-0123456789' }
const ADMIN = { clientId: 'participant_admin', clientSecret: 'admin-client-secret-0123456789' }
/** A client registered for client_secret_post (the secret in the form body). */
const POSTING = { clientId: 'posting-client', clientSecret: 'posting-client-secret-0123456789' }

let idp: LocalIdp
let devnet: CantonDevnet
/** How far the participant's clock runs ahead of the wall clock (the identity provider's). */
let participantAheadMs = 0
let instrument: { admin: string; id: string }

const oauth2 = (
  client: { clientId: string; clientSecret: string },
  overrides: Partial<Extract<CantonConfig['auth'], { kind: 'oauth2' }>> = {},
): Extract<CantonConfig['auth'], { kind: 'oauth2' }> => ({
  kind: 'oauth2',
  tokenUrl: idp.tokenEndpoint,
  ...client,
  audience: AUDIENCE,
  scope: 'daml_ledger_api',
  clientAuth: 'client_secret_basic',
  ...overrides,
})

beforeAll(async () => {
  idp = await startMachineTokenIdp([WALLET, ADMIN, { ...POSTING, authMethod: 'client_secret_post' }], {
    scope: 'daml_ledger_api',
    ttlSeconds: 600,
    alg: 'ES256',
  })
  // A participant as run in production: only tokens of the identity provider, for its audience.
  devnet = await startCantonDevnet({
    authServices: [{ type: 'jwt-jwks', url: idp.jwksUri, targetAudience: AUDIENCE }],
    now: () => Date.now() + participantAheadMs,
  })
  const token = (client: typeof WALLET) =>
    createLedgerApiAuth({ auth: oauth2(client), userId: client.clientId }).token()
  const { admin, instrumentId } = await setUpCantonDevRegistry({
    url: devnet.url,
    adminToken: await token(ADMIN),
    userId: WALLET.clientId,
    userToken: await token(WALLET),
  })
  instrument = { admin, id: instrumentId }
})
afterAll(async () => {
  await devnet?.stop()
  await idp?.stop()
})

const cantonConfig = (auth: CantonConfig['auth']): CantonConfig => ({
  url: devnet.url,
  synchronizerId: undefined,
  auth,
  userId: WALLET.clientId,
  registryUrl: `${devnet.url}/registries/${encodeURIComponent(instrument.admin)}`,
  registryToken: undefined,
  instrument,
})

describe('createLedgerApiAuth (OAuth2 client credentials)', () => {
  test('behavior: concurrent callers share one grant, and the token is reused until the margin before expiry', async () => {
    let nowMs = Date.now()
    const auth = createLedgerApiAuth({ auth: oauth2(WALLET), userId: WALLET.clientId }, { now: () => nowMs })
    const before = idp.accessTokensIssued
    const tokens = await Promise.all(Array.from({ length: 5 }, () => auth.token()))
    expect(new Set(tokens).size).toBe(1)
    expect(idp.accessTokensIssued).toBe(before + 1)
    nowMs += 539_000 // 600 s lifetime, renewed 60 s before it ends
    expect(await auth.token()).toBe(tokens[0])
    nowMs += 2_000
    expect(await auth.token()).not.toBe(tokens[0])
    expect(idp.accessTokensIssued).toBe(before + 2)
  })

  test('behavior: a client registered for client_secret_post gets its token with the secret in the body', async () => {
    const post = createLedgerApiAuth({
      auth: oauth2(POSTING, { clientAuth: 'client_secret_post' }),
      userId: POSTING.clientId,
    })
    const token = await post.token()
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).toMatchObject({
      sub: POSTING.clientId,
      aud: AUDIENCE,
      scope: 'daml_ledger_api',
    })
  })

  test('error: a refused grant names the endpoint, the client and the provider error, never the secret', async () => {
    const auth = createLedgerApiAuth({
      auth: oauth2(WALLET, { clientSecret: 'not-the-secret-of-this-client' }),
      userId: WALLET.clientId,
    })
    const error = await auth.token().then(
      () => null,
      (e: unknown) => e as Error & { status?: number; code?: string },
    )
    expect(error).toMatchObject({ status: 502, code: 'CANTON_UNAVAILABLE' })
    expect(error?.message).toContain(idp.tokenEndpoint)
    expect(error?.message).toContain('client stratos-wallet (invalid_client')
    expect(error?.message).not.toContain('not-the-secret')
  })
})

describe.each(DB_KINDS)('the API on a participant that checks JWKS-signed tokens, on %s', (kind) => {
  const databases = useTestDatabases(kind)

  test('behavior: onboarding, the faucet and the balance work with the provider tokens; the API renews before expiry', async () => {
    const t = createTestApp(await databases.fresh(), {
      devMode: true,
      canton: cantonConfig(oauth2(WALLET)),
    })
    const ada = await cantonPerson(t, 'Ada', 41)
    const issued = idp.accessTokensIssued
    await onboardCantonPerson(ada)
    expect((await ada.client.post('/api/dev/canton-faucet')).status).toBe(200)
    const holdings = await ada.client.get('/api/canton/holdings')
    expect(holdings.status).toBe(200)
    expect(holdings.body.totals).toEqual([expect.objectContaining({ unlocked: '100', locked: '0' })])
    // Every request of the app so far went out with one token.
    expect(idp.accessTokensIssued).toBe(issued + 1)

    t.advance(545) // past 600 s - 60 s on the API's clock: renewed before the participant sees it expire
    expect((await ada.client.get('/api/canton/holdings')).status).toBe(200)
    expect(idp.accessTokensIssued).toBe(issued + 2)
    expect(t.logs.join('\n')).not.toContain(WALLET.clientSecret)
  })

  test('behavior: readiness probes use the connection token: one grant for many probes', async () => {
    const t = createTestApp(await databases.fresh(), { canton: cantonConfig(oauth2(WALLET)) })
    const client = t.browser().client
    const issued = idp.accessTokensIssued
    for (let probe = 0; probe < 3; probe++) {
      const ready = await client.get('/readyz')
      expect(ready.status).toBe(200)
      expect(ready.body.checks.canton).toBe('ok')
    }
    expect(idp.accessTokensIssued).toBe(issued + 1)
  })

  test('behavior: a token the participant refuses (expired on its clock) is replaced and the request retried once', async () => {
    const t = createTestApp(await databases.fresh(), {
      devMode: true,
      canton: cantonConfig(oauth2(WALLET)),
    })
    const ada = await cantonPerson(t, 'Ada', 42)
    await onboardCantonPerson(ada)
    const issued = idp.accessTokensIssued
    participantAheadMs += 601_000 // the cached token has expired for the participant, not yet for the API
    idp.accessTokenTtl = 3600
    try {
      const holdings = await ada.client.get('/api/canton/holdings')
      expect(holdings.status).toBe(200)
      expect(idp.accessTokensIssued).toBe(issued + 1)
    } finally {
      idp.accessTokenTtl = 600
      participantAheadMs -= 601_000
    }
  })

  test('error: tokens for the wrong audience are refused with an error that says to check the audience', async () => {
    const t = createTestApp(await databases.fresh(), {
      canton: cantonConfig(oauth2(WALLET, { audience: 'https://another-ledger.example.com' })),
    })
    const ada = await cantonPerson(t, 'Ada', 43)
    const issued = idp.accessTokensIssued
    const res = await ada.client.post('/api/canton/onboarding/topology', { publicKey: ada.publicKey })
    expect(res.status).toBe(502)
    expect(res.body.code).toBe('CANTON_UNAVAILABLE')
    expect(res.body.message).toMatch(/refused the wallet server's Ledger API token \(401 UNAUTHENTICATED\)/)
    expect(res.body.message).toContain('CANTON_OAUTH_AUDIENCE')
    // One retry with a fresh token, then the answer.
    expect(idp.accessTokensIssued).toBe(issued + 2)
  })

  test('behavior: an admin sets OAuth2 client credentials; the secret is sealed, never answered or audited', async () => {
    const t = createTestApp(await databases.fresh(), { canton: null })
    const enroll = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
    const { client: admin, authenticator } = t.browser()
    await register(admin, authenticator, {
      displayName: 'Ada',
      enrollToken: enroll,
      addresses: testAddresses(7),
    })
    const auth = {
      kind: 'oauth2',
      tokenUrl: idp.tokenEndpoint,
      clientId: WALLET.clientId,
      clientSecret: WALLET.clientSecret,
      userId: WALLET.clientId,
      audience: AUDIENCE,
    }
    const wrong = await admin.put('/api/admin/canton', {
      url: devnet.url,
      auth: { ...auth, clientSecret: 'not-the-secret-of-this-client' },
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.message).toMatch(/refused the client-credentials grant of client stratos-wallet/)

    const saved = await admin.put('/api/admin/canton', { url: devnet.url, auth })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({
      source: 'settings',
      reachable: true,
      auth: {
        kind: 'oauth2',
        tokenUrl: idp.tokenEndpoint,
        clientId: WALLET.clientId,
        userId: WALLET.clientId,
        audience: AUDIENCE,
        clientAuth: 'client_secret_basic',
        hasSecret: true,
      },
    })
    // The same client at the same endpoint keeps its secret when the form leaves it out.
    const { clientSecret: _, ...withoutSecret } = auth
    expect((await admin.put('/api/admin/canton', { url: devnet.url, auth: withoutSecret })).status).toBe(200)
    const stored = await t.db.selectFrom('instance_settings').select('value').execute()
    const audit = await t.db.selectFrom('audit_log').select('details').execute()
    for (const text of [
      saved.text,
      (await admin.get('/api/admin/canton')).text,
      JSON.stringify(stored),
      JSON.stringify(audit),
      t.logs.join('\n'),
    ])
      expect(text).not.toContain(WALLET.clientSecret)
    const updates = await t.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'canton.connection.update')
      .execute()
    expect(updates.map((row) => JSON.parse(String(row.details)).auth)).toEqual([
      expect.objectContaining({ kind: 'oauth2', clientId: WALLET.clientId, tokenUrl: idp.tokenEndpoint }),
      expect.objectContaining({ kind: 'oauth2' }),
    ])
  })
})
