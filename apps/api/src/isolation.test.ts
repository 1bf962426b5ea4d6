/**
 * Two instances from one codebase, side by side: each with its own origin, RP ID, brand, session
 * secret, instance key and database (Node: two SQLite or two PostgreSQL databases; Workers: two D1
 * databases in workerd). Nothing one instance issues (a session, a challenge, an enrollment link,
 * a passkey) is accepted by the other, and nothing written through one reaches the other.
 */
import { join } from 'node:path'
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server'
import type { Database } from '@stratos/db'
import { createD1Database, type D1Binding } from '@stratos/db/portable'
import { jwtVerify, SignJWT } from 'jose'
import { type Kysely, sql } from 'kysely'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { insertCantonParty } from './canton/parties.js'
import type { ApiConfig, CantonConfig } from './config.js'
import { randomId } from './encoding.js'
import { ensureAdminEnrollment, issueAdminEnrollmentOnce } from './enrollment/ensureAdminEnrollment.js'
import { SETTINGS } from './instanceSettings.js'
import { isSealed, seal, UnsealError, unseal } from './secretsAtRest.js'
import { login, register, startLogin } from './testing/ceremonies.js'
import { createSoftAuthenticator, type SoftAuthenticator } from './testing/softAuthenticator.js'
import { testAddresses } from './testing/testAddresses.js'
import { createTestApp, type TestApp } from './testing/testApp.js'
import { TestClient } from './testing/testClient.js'
import { API_TARGETS, useTestDatabases } from './testing/testDatabases.js'
import { applyD1Migrations, bundleWorker } from './testing/workerd.js'
import { WORKER_COMPATIBILITY } from './workerCompatibility.js'

/**
 * Every table of the schema: typed as a record of `Database`'s keys, so a table added to the
 * schema without being listed here fails the typecheck (and `the schema lists every table` below
 * fails when a migration creates one the schema lacks).
 */
const TABLES = Object.keys({
  users: true,
  credentials: true,
  challenges: true,
  sessions: true,
  addresses: true,
  instance_settings: true,
  canton_parties: true,
  audit_log: true,
  defi_vaults: true,
  rate_limit_counters: true,
  admin_invites: true,
  operators: true,
  operator_sessions: true,
  operator_logins: true,
  guardian_keys: true,
  recovery_setups: true,
  recovery_shares: true,
  recovery_requests: true,
  recovery_approvals: true,
  networks: true,
  tokens: true,
  dock_apps: true,
  dock_grants: true,
} satisfies Record<keyof Database, true>) as (keyof Database)[]

/** Tables an engine or the migration tools keep for themselves, not the schema's. */
const BOOKKEEPING = /^(kysely_migration.*|d1_migrations|_cf_.*|sqlite_.*)$/

/** A Canton participant both instances name but no test reaches (nothing here talks to a ledger). */
const UNREACHED_PARTICIPANT: CantonConfig = {
  url: 'http://127.0.0.1:9',
  synchronizerId: `global-domain::1220${'0'.repeat(64)}`,
  auth: { kind: 'token', token: 'never-sent' },
  userId: undefined,
  registryUrl: undefined,
  registryToken: undefined,
  instrument: null,
}

/** The settings of instance `alpha` or `beta`: each its own origin, RP ID, brand and secrets. */
function instanceSettings(name: 'alpha' | 'beta'): Partial<ApiConfig> {
  const brand =
    name === 'alpha'
      ? {
          primaryColor: '#0b5394',
          accentColor: '#6fa8dc',
          supportEmail: 'help@alpha.example',
          supportUrl: null,
        }
      : {
          primaryColor: '#1e5631',
          accentColor: '#a4de02',
          supportEmail: null,
          supportUrl: 'https://beta.example/help',
        }
  return {
    instanceName: name === 'alpha' ? 'Alpha Vault' : 'Beta Wallet',
    brand,
    origin: `https://wallet.${name}.example`,
    rpId: `${name}.example`,
    sessionSecret: `${name}-session-${randomId(32)}`,
    instanceKey: `${name}-instance-key-${randomId(32)}`,
    canton: UNREACHED_PARTICIPANT,
  }
}

/** Rows per table of the schema. */
async function rowCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(row.n)
  }
  return counts
}

/** Keys of the instance settings stored in `db`. */
async function settingKeys(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('instance_settings').select('key').orderBy('key').execute()
  return rows.map((row) => row.key)
}

/** A registered, signed-in person at `t`: their browser and account. */
async function signedUp(t: TestApp, displayName: string, seed: number, enrollToken?: string) {
  const browser = t.browser()
  const res = await register(browser.client, browser.authenticator, {
    displayName,
    addresses: testAddresses(seed),
    ...(enrollToken ? { enrollToken } : {}),
  })
  expect(res.status, res.text).toBe(200)
  return { ...browser, userId: res.body.user.id as string, role: res.body.user.role as string }
}

const tokenOf = (link: string) => link.split('#token=')[1]!

describe.each(API_TARGETS)('two instances on %s', (kind) => {
  const databases = useTestDatabases(kind)
  // The first database starts the engine (on workerd: bundles the Worker and starts workerd).
  beforeAll(() => databases.fresh())
  /** Instances alpha (`a`) and beta (`b`), each on a fresh database of its own. */
  const pair = async () => ({
    a: createTestApp(await databases.fresh(), instanceSettings('alpha')),
    b: createTestApp(await databases.fresh(), instanceSettings('beta')),
  })

  describe('sessions', () => {
    test("error: A's session cookie is 401 at B; with A's session secret B still refuses it (no such session in B's database)", async () => {
      const { a, b } = await pair()
      const alice = await signedUp(a, 'Alice', 1)
      const cookie = alice.client.cookies.get('sv_session')!
      expect((await alice.client.get('/api/me')).status).toBe(200)

      const atB = b.browser().client
      atB.cookies.set('sv_session', cookie)
      const me = await atB.get('/api/me')
      expect(me.status).toBe(401)
      expect(me.body.code).toBe('UNAUTHENTICATED')

      // B run with A's session secret: the JWT verifies, but the session it names is A's.
      const sameSecret = createTestApp(b.db, { ...b.config, sessionSecret: a.config.sessionSecret })
      await jwtVerify(cookie, new TextEncoder().encode(a.config.sessionSecret as string))
      const withSecret = sameSecret.browser().client
      withSecret.cookies.set('sv_session', cookie)
      expect((await withSecret.get('/api/me')).status).toBe(401)

      // A's claims signed with B's own secret (as if B's secret had leaked): no such session at B.
      const claims = JSON.parse(Buffer.from(cookie.split('.')[1]!, 'base64url').toString())
      const resigned = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(b.config.sessionSecret as string))
      const forged = b.browser().client
      forged.cookies.set('sv_session', resigned)
      const forgedMe = await forged.get('/api/me')
      expect(forgedMe.status).toBe(401)
      expect(forgedMe.body.code).toBe('UNAUTHENTICATED')

      // Neither attempt touched A: the session still works there.
      expect((await alice.client.get('/api/me')).body.user.id).toBe(alice.userId)
      expect(await b.db.selectFrom('sessions').selectAll().execute()).toEqual([])
    })

    test("error: B's session cookie is 401 at A", async () => {
      const { a, b } = await pair()
      const bob = await signedUp(b, 'Bob', 2)
      const atA = a.browser().client
      atA.cookies.set('sv_session', bob.client.cookies.get('sv_session')!)
      expect((await atA.get('/api/me')).status).toBe(401)
      expect((await bob.client.get('/api/me')).status).toBe(200)
    })
  })

  describe('challenges', () => {
    test("error: A's registration challenge is 400 CHALLENGE_INVALID at B and still answers at A", async () => {
      const { a, b } = await pair()
      const { client, authenticator } = a.browser()
      const options = await client.post('/api/auth/register/options', { displayName: 'Alice' })
      expect(options.status).toBe(200)
      const { challengeId } = options.body
      // An answer B would accept in every other respect: made on B's origin for B's RP ID.
      const forB = await authenticator.register(options.body.options, {
        origin: b.config.origin,
        rpId: b.config.rpId,
      })
      const atB = await b.browser().client.post('/api/auth/register/verify', {
        challengeId,
        response: forB,
        addresses: testAddresses(3),
      })
      expect(atB.status).toBe(400)
      expect(atB.body.code).toBe('CHALLENGE_INVALID')
      expect(await b.db.selectFrom('users').selectAll().execute()).toEqual([])

      const forA = await authenticator.register(options.body.options)
      const atA = await client.post('/api/auth/register/verify', {
        challengeId,
        response: forA,
        addresses: testAddresses(3),
      })
      expect(atA.status, atA.text).toBe(200)
    })

    test("error: A's login challenge is 400 CHALLENGE_INVALID at B and still answers at A", async () => {
      const { a, b } = await pair()
      const alice = await signedUp(a, 'Alice', 4)
      await alice.client.post('/api/auth/logout')
      // Alice's passkey, also held for B's RP ID (so only the challenge is foreign at B).
      const carried = createSoftAuthenticator({
        origin: b.config.origin,
        credentials: alice.authenticator.credentials.map((c) => ({ ...c, rpId: b.config.rpId })),
      })
      const options = await alice.client.post('/api/auth/login/options', {})
      const { challengeId } = options.body
      const forB = await carried.authenticate({ ...options.body.options, rpId: b.config.rpId })
      const atB = await b.browser().client.post('/api/auth/login/verify', { challengeId, response: forB })
      expect(atB.status).toBe(400)
      expect(atB.body.code).toBe('CHALLENGE_INVALID')

      const forA = await alice.authenticator.authenticate(options.body.options)
      const atA = await alice.client.post('/api/auth/login/verify', { challengeId, response: forA })
      expect(atA.status, atA.text).toBe(200)
      expect(atA.body.user.id).toBe(alice.userId)
    })
  })

  describe('admin enrollment', () => {
    test("error: A's enrollment link is 403 ENROLLMENT_INVALID at B, also while B has a link of its own", async () => {
      const { a, b } = await pair()
      const linkA = (await ensureAdminEnrollment(a.db, a.config.origin))!
      expect(linkA).toMatch(/^https:\/\/wallet\.alpha\.example\/enroll#token=/)
      const displayName = 'Mallory'
      const mallory = b.browser().client
      const early = await mallory.post('/api/auth/register/options', {
        displayName,
        enrollToken: tokenOf(linkA),
      })
      expect(early.status).toBe(403)
      expect(early.body.code).toBe('ENROLLMENT_INVALID')
      expect((await mallory.get('/api/config')).body.needsAdmin).toBe(false)

      // A's outstanding link is not B's: B issues its own.
      const issued = await issueAdminEnrollmentOnce(b.db, b.config.origin)
      expect(issued.kind).toBe('issued')
      const linkB = (issued as { link: string }).link
      expect(linkB).toMatch(/^https:\/\/wallet\.beta\.example\/enroll#token=/)
      expect(tokenOf(linkB)).not.toBe(tokenOf(linkA))
      const late = await mallory.post('/api/auth/register/options', {
        displayName,
        enrollToken: tokenOf(linkA),
      })
      expect(late.status).toBe(403)
      expect(late.body.code).toBe('ENROLLMENT_INVALID')
      const crossed = await a.browser().client.post('/api/auth/register/options', {
        displayName,
        enrollToken: tokenOf(linkB),
      })
      expect(crossed.status).toBe(403)

      // Each link makes its own instance's admin, and only there.
      expect((await signedUp(a, 'Ada', 5, tokenOf(linkA))).role).toBe('admin')
      expect((await signedUp(b, 'Bea', 6, tokenOf(linkB))).role).toBe('admin')
      expect(await issueAdminEnrollmentOnce(a.db, a.config.origin)).toEqual({ kind: 'has-admin' })
      expect(await issueAdminEnrollmentOnce(b.db, b.config.origin)).toEqual({ kind: 'has-admin' })
    })
  })

  describe('passkeys', () => {
    /** Login options of `t`, answered by `authenticator` for `request.rpId` on `request.origin`, posted to `t`. */
    async function assertAt(
      t: TestApp,
      authenticator: SoftAuthenticator,
      request: { rpId: string; origin: string },
    ) {
      const { client } = t.browser()
      const options = await client.post('/api/auth/login/options', {})
      const response = await authenticator.authenticate(
        { ...(options.body.options as PublicKeyCredentialRequestOptionsJSON), rpId: request.rpId },
        { origin: request.origin },
      )
      return client.post('/api/auth/login/verify', { challengeId: options.body.challengeId, response })
    }

    test("error: A's passkey cannot sign in at B: for A's RP ID or carried to B's, it is 401 CREDENTIAL_UNKNOWN", async () => {
      const { a, b } = await pair()
      const alice = await signedUp(a, 'Alice', 7)
      const credential = alice.authenticator.credentials[0]!
      expect(credential.rpId).toBe('alpha.example')

      // Made for A's RP ID, on B's page.
      const forA = await assertAt(b, alice.authenticator, { rpId: a.config.rpId, origin: b.config.origin })
      expect(forA.status).toBe(401)
      expect(forA.body.code).toBe('CREDENTIAL_UNKNOWN')
      expect(forA.headers.get('set-cookie')).toBeNull()

      // The same key pair presented as a passkey of B's RP ID.
      const carried = createSoftAuthenticator({
        origin: b.config.origin,
        credentials: [{ ...credential, rpId: b.config.rpId }],
      })
      const forB = await assertAt(b, carried, { rpId: b.config.rpId, origin: b.config.origin })
      expect(forB.status).toBe(401)
      expect(forB.body.code).toBe('CREDENTIAL_UNKNOWN')

      // At A it signs in.
      expect((await login(alice.client, alice.authenticator)).status).toBe(200)
    })

    test("error: with A's passkey rows copied into B's database, an assertion for A's RP ID or from A's origin is still refused", async () => {
      const { a, b } = await pair()
      const alice = await signedUp(a, 'Alice', 8)
      // As restoring A's backup into B would: the user and the passkey, not the sessions.
      const user = await a.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', alice.userId)
        .executeTakeFirstOrThrow()
      const passkeys = await a.db.selectFrom('credentials').selectAll().execute()
      await b.db.insertInto('users').values(user).execute()
      await b.db.insertInto('credentials').values(passkeys).execute()

      const forA = await assertAt(b, alice.authenticator, { rpId: a.config.rpId, origin: b.config.origin })
      expect(forA.status).toBe(401)
      expect(forA.body.code).toBe('RP_ID_MISMATCH')
      const fromA = await assertAt(b, alice.authenticator, { rpId: a.config.rpId, origin: a.config.origin })
      expect(fromA.status).toBe(401)
      expect(fromA.body.code).toBe('ORIGIN_MISMATCH')
      expect(await b.db.selectFrom('sessions').selectAll().execute()).toEqual([])
    })
  })

  describe('Canton parties', () => {
    test("behavior: a party stored for a user at A is not B's: B's status has none, its routes say not onboarded", async () => {
      const { a, b } = await pair()
      // The same person at both instances, with the same Canton key.
      const atA = await signedUp(a, 'Ada', 9)
      const atB = await signedUp(b, 'Ada', 9)
      const fingerprint = testAddresses(9).canton
      const partyId = `ada::${fingerprint}`
      expect(
        await insertCantonParty(a.db, {
          userId: atA.userId,
          partyId,
          fingerprint,
          now: new Date().toISOString(),
        }),
      ).toBe(true)

      expect((await atA.client.get('/api/canton/status')).body).toMatchObject({ configured: true, partyId })
      expect((await atB.client.get('/api/canton/status')).body).toMatchObject({
        configured: true,
        partyId: null,
      })
      const holdings = await atB.client.get('/api/canton/holdings')
      expect(holdings.status).toBe(409)
      expect(holdings.body.code).toBe('CANTON_NOT_ONBOARDED')
      expect(await b.db.selectFrom('canton_parties').selectAll().execute()).toEqual([])
      // B's user still onboards as usual: the party is not taken at B.
      expect(
        await insertCantonParty(b.db, {
          userId: atB.userId,
          partyId,
          fingerprint,
          now: new Date().toISOString(),
        }),
      ).toBe(true)
    })
  })

  describe('databases', () => {
    test('behavior: the schema lists every table the migrations created', async () => {
      const { a } = await pair()
      // D1 refuses the table_info reads of Kysely's introspector on its own `_cf_` tables.
      const names =
        kind === 'workerd'
          ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(a.db))
              .rows
          : await a.db.introspection.getTables()
      const tables = names.map((table) => table.name).filter((name) => !BOOKKEEPING.test(name))
      expect(tables.sort()).toEqual([...TABLES].sort())
    })

    test("behavior: after sign-ups, sign-ins and an admin's change at A, no table of B has gained a row", async () => {
      const { a, b } = await pair()
      // B serves a request first (on workerd, opening the instance stores its own settings).
      expect((await b.browser().client.get('/api/config')).status).toBe(200)
      const before = await rowCounts(b.db)

      const ada = await signedUp(a, 'Ada', 10, tokenOf((await ensureAdminEnrollment(a.db, a.config.origin))!))
      expect(ada.role).toBe('admin')
      const uma = await signedUp(a, 'Uma', 11)
      await uma.client.post('/api/auth/logout')
      expect((await login(uma.client, uma.authenticator)).status).toBe(200)
      // A challenge nobody answered stays in A's table.
      await startLogin(a.browser().client, uma.authenticator)
      const renamed = await ada.client.put('/api/admin/branding', {
        name: 'Alpha Treasury',
        primaryColor: '#0b5394',
        accentColor: '#6fa8dc',
        supportEmail: null,
        supportUrl: null,
      })
      expect(renamed.status, renamed.text).toBe(200)
      // A's first network (seeded from its EVM_* settings on first use), renamed by its admin.
      const network = await ada.client.request('PATCH', '/api/admin/networks/evm-31337', {
        name: 'Alpha chain',
      })
      expect(network.status, network.text).toBe(200)

      const written = await rowCounts(a.db)
      for (const table of [
        'users',
        'credentials',
        'sessions',
        'addresses',
        'challenges',
        'audit_log',
        'networks',
      ])
        expect(written[table], table).toBeGreaterThan(0)
      expect(await settingKeys(a.db)).toEqual(expect.arrayContaining([SETTINGS.branding]))

      expect(await rowCounts(b.db)).toEqual(before)
      expect(before).toMatchObject({
        users: 0,
        credentials: 0,
        sessions: 0,
        addresses: 0,
        challenges: 0,
        audit_log: 0,
        canton_parties: 0,
        networks: 0,
        tokens: 0,
      })
      expect(await settingKeys(b.db)).not.toContain(SETTINGS.branding)
    })

    test("error: a secret A sealed under its INSTANCE_KEY does not open with B's", async () => {
      const { a, b } = await pair()
      const sealed = await seal(a.config.instanceKey, SETTINGS.cantonConnection, {
        token: 'alpha-ledger-token',
      })
      await expect(unseal(b.config.instanceKey, SETTINGS.cantonConnection, sealed)).rejects.toThrow(
        UnsealError,
      )
      expect(await unseal(a.config.instanceKey, SETTINGS.cantonConnection, sealed)).toEqual({
        token: 'alpha-ledger-token',
      })
    })
  })

  describe('configuration and branding', () => {
    test("behavior: /api/config and new passkeys' RP show each instance's own name, brand and RP ID; A's admin rebrand leaves B's", async () => {
      const { a, b } = await pair()
      const configOf = async (t: TestApp) => (await t.browser().client.get('/api/config')).body
      const rpOf = async (t: TestApp) =>
        (await t.browser().client.post('/api/auth/register/options', { displayName: 'Newcomer' })).body
          .options.rp

      const alpha = await configOf(a)
      expect(alpha).toMatchObject({
        instanceName: 'Alpha Vault',
        rpId: 'alpha.example',
        brand: { name: 'Alpha Vault', primaryColor: '#0b5394', supportEmail: 'help@alpha.example' },
      })
      const beta = await configOf(b)
      expect(beta).toMatchObject({
        instanceName: 'Beta Wallet',
        rpId: 'beta.example',
        brand: { name: 'Beta Wallet', primaryColor: '#1e5631', supportUrl: 'https://beta.example/help' },
      })
      expect(await rpOf(a)).toEqual({ id: 'alpha.example', name: 'Alpha Vault' })
      expect(await rpOf(b)).toEqual({ id: 'beta.example', name: 'Beta Wallet' })

      const ada = await signedUp(a, 'Ada', 12, tokenOf((await ensureAdminEnrollment(a.db, a.config.origin))!))
      const rebrand = await ada.client.put('/api/admin/branding', {
        name: 'Alpha Treasury',
        primaryColor: '#1E5631',
        accentColor: '#A4DE02',
        supportEmail: null,
        supportUrl: 'https://alpha.example/support',
      })
      expect(rebrand.status, rebrand.text).toBe(200)
      expect(await configOf(a)).toMatchObject({
        instanceName: 'Alpha Treasury',
        brand: { name: 'Alpha Treasury', primaryColor: '#1e5631' },
      })
      expect(await rpOf(a)).toEqual({ id: 'alpha.example', name: 'Alpha Treasury' })
      expect(await configOf(b)).toEqual(beta)
      expect(await rpOf(b)).toEqual({ id: 'beta.example', name: 'Beta Wallet' })

      // A's admin is nobody at B.
      const atB = b.browser().client
      atB.cookies.set('sv_session', ada.client.cookies.get('sv_session')!)
      const hijack = await atB.put('/api/admin/branding', {
        name: 'Hijacked',
        primaryColor: '#0b5394',
        accentColor: '#6fa8dc',
        supportEmail: null,
        supportUrl: null,
      })
      expect(hijack.status).toBe(401)
      expect((await configOf(b)).instanceName).toBe('Beta Wallet')
    })
  })
})

/**
 * The product Worker (`worker.ts`, bundled as `wrangler deploy` bundles it) for two instances in
 * one workerd, each configured as its wrangler configuration would: its own `DB` D1 binding, its
 * own vars (PUBLIC_ORIGIN, RP_ID, INSTANCE_NAME, BRAND_*) and secrets (INSTANCE_KEY; SESSION_SECRET
 * only for alpha: beta keeps the one it generates). No test-only entry and no settings override.
 * Each test starts a workerd of its own: seconds each on a busy machine, hence the longer timeout.
 */
describe('the product Worker of two instances, each bound to its own D1 and vars', {
  timeout: 60_000,
}, () => {
  const VARS = {
    alpha: {
      PUBLIC_ORIGIN: 'https://wallet.alpha.example',
      RP_ID: 'alpha.example',
      INSTANCE_NAME: 'Alpha Vault',
      BRAND_PRIMARY_COLOR: '#0b5394',
      INSTANCE_KEY: `alpha-instance-key-${randomId(32)}`,
      SESSION_SECRET: `alpha-session-${randomId(32)}`,
    },
    beta: {
      PUBLIC_ORIGIN: 'https://wallet.beta.example',
      RP_ID: 'beta.example',
      INSTANCE_NAME: 'Beta Wallet',
      BRAND_PRIMARY_COLOR: '#1e5631',
      INSTANCE_KEY: `beta-instance-key-${randomId(32)}`,
    },
  } as const
  type Name = keyof typeof VARS
  const NAMES = Object.keys(VARS) as Name[]

  let dir: string
  beforeAll(() => {
    dir = bundleWorker(join(import.meta.dirname, 'worker.ts'), 'api-product')
  })
  const running: Miniflare[] = []
  afterAll(async () => {
    await Promise.all(running.map((mf) => mf.dispose()))
  })

  /** A workerd running both Workers, their D1 databases migrated as `wrangler d1 migrations apply` does. */
  async function start() {
    const mf = new Miniflare({
      // The Workers' request lines are noise here; what they write to stderr still shows.
      handleRuntimeStdio(stdout, stderr) {
        stdout.resume()
        stderr.pipe(process.stderr)
      },
      workers: NAMES.map((name) => ({
        name,
        modules: true,
        modulesRoot: dir,
        scriptPath: join(dir, 'worker.js'),
        compatibilityDate: WORKER_COMPATIBILITY.date,
        compatibilityFlags: [...WORKER_COMPATIBILITY.flags],
        // As a custom domain routes the instance's origin to its Worker.
        routes: [`${new URL(VARS[name].PUBLIC_ORIGIN).host}/*`],
        d1Databases: { DB: `stratos-${name}` },
        bindings: { ...VARS[name] },
      })),
    })
    running.push(mf)
    const db = {} as Record<Name, Kysely<Database>>
    for (const name of NAMES) {
      const binding = (await mf.getD1Database('DB', name)) as unknown as D1Binding
      await applyD1Migrations(binding)
      db[name] = createD1Database<Database>(binding)
    }
    /** A browser of instance `name` at its origin (routed to its Worker, as its custom domain is). */
    const browser = (name: Name) => {
      const app = {
        async request(input: string, init: RequestInit = {}) {
          const answer = await mf.dispatchFetch(input, {
            method: init.method ?? 'GET',
            headers: Object.fromEntries(new Headers(init.headers)),
            ...(init.body ? { body: init.body as string } : {}),
            redirect: 'manual',
          })
          const body = await answer.arrayBuffer()
          return new Response(answer.status === 204 ? null : body, {
            status: answer.status,
            headers: answer.headers as unknown as Headers,
          })
        },
      }
      const origin = VARS[name].PUBLIC_ORIGIN
      const authenticator = createSoftAuthenticator({ origin })
      const client = new TestClient(app as unknown as ConstructorParameters<typeof TestClient>[0], origin)
      return { client: client.confirmWith(authenticator), authenticator }
    }
    return { db, browser }
  }

  test("behavior: each Worker's /api/config shows its own INSTANCE_NAME, brand and RP_ID", async () => {
    const { browser } = await start()
    expect((await browser('alpha').client.get('/api/config')).body).toMatchObject({
      instanceName: 'Alpha Vault',
      rpId: 'alpha.example',
      brand: { name: 'Alpha Vault', primaryColor: '#0b5394' },
    })
    expect((await browser('beta').client.get('/api/config')).body).toMatchObject({
      instanceName: 'Beta Wallet',
      rpId: 'beta.example',
      brand: { name: 'Beta Wallet', primaryColor: '#1e5631' },
    })
  })

  test("behavior: a sign-up at alpha's Worker is written to alpha's D1 only, and its cookie is 401 at beta", async () => {
    const { db, browser } = await start()
    expect((await browser('beta').client.get('/api/config')).status).toBe(200)
    const before = await rowCounts(db.beta)

    const ada = browser('alpha')
    const res = await register(ada.client, ada.authenticator, {
      displayName: 'Ada',
      addresses: testAddresses(20),
    })
    expect(res.status, res.text).toBe(200)
    expect(await db.alpha.selectFrom('users').select('id').execute()).toEqual([{ id: res.body.user.id }])
    expect(await rowCounts(db.beta)).toEqual(before)
    expect(before).toMatchObject({ users: 0, credentials: 0, sessions: 0 })

    const atBeta = browser('beta').client
    atBeta.cookies.set('sv_session', ada.client.cookies.get('sv_session')!)
    expect((await atBeta.get('/api/me')).status).toBe(401)
    expect((await ada.client.get('/api/me')).status).toBe(200)
  })

  test("behavior: a brand stored in alpha's D1 is served by alpha's Worker only", async () => {
    const { db, browser } = await start()
    await db.alpha
      .insertInto('instance_settings')
      .values({
        key: SETTINGS.branding,
        value: JSON.stringify({
          name: 'Alpha Treasury',
          primaryColor: '#0b5394',
          accentColor: '#6fa8dc',
          supportEmail: null,
          supportUrl: null,
        }),
        updated_at: new Date().toISOString(),
      })
      .execute()
    expect((await browser('alpha').client.get('/api/config')).body.instanceName).toBe('Alpha Treasury')
    expect((await browser('beta').client.get('/api/config')).body.instanceName).toBe('Beta Wallet')
  })

  test("behavior: beta's Worker keeps the session secret it generates in its own D1, sealed under its own INSTANCE_KEY", async () => {
    const { db, browser } = await start()
    for (const name of NAMES) expect((await browser(name).client.get('/api/config')).status).toBe(200)
    const stored = await db.beta
      .selectFrom('instance_settings')
      .select('value')
      .where('key', '=', SETTINGS.sessionSecret)
      .executeTakeFirstOrThrow()
    expect(isSealed(stored.value)).toBe(true)
    await expect(unseal(VARS.beta.INSTANCE_KEY, SETTINGS.sessionSecret, stored.value)).resolves.toBeDefined()
    await expect(unseal(VARS.alpha.INSTANCE_KEY, SETTINGS.sessionSecret, stored.value)).rejects.toThrow(
      UnsealError,
    )
    // Alpha's SESSION_SECRET is a secret binding: nothing of it is stored, in either database.
    expect(await settingKeys(db.alpha)).not.toContain(SETTINGS.sessionSecret)
  })
})
