import { createHash, randomBytes } from 'node:crypto'
import { buildTestDar } from '@stratos/canton-devnet/testing'
import { describe, expect, test } from 'vitest'
import { writeAuditEntry } from '../../audit/auditLog.js'
import type { ApiConfig } from '../../config.js'
import { adminAndUser } from '../../testing/adminAndUser.js'
import { TEST_REGISTRY_TOKEN, useCantonDevnet } from '../../testing/cantonDevnet.js'
import { cantonPerson, onboardCantonPerson } from '../../testing/cantonPeople.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

const canton = useCantonDevnet()

const randomPackageId = () => randomBytes(32).toString('hex')

/** The admin actions in the audit log (not the sign-in events of the test's own users). */
async function auditRows(t: TestApp) {
  return t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', 'not like', 'auth.%')
    .orderBy('seq')
    .execute()
}

describe.each(DB_KINDS)('/api/admin/canton on %s', (kind) => {
  const databases = useTestDatabases(kind)
  const app = async (overrides: Partial<ApiConfig> = {}) => {
    const t = createTestApp(await databases.fresh(), { canton: canton.current.config, ...overrides })
    return { t, ...(await adminAndUser(t)) }
  }

  test('behavior: an admin sees the environment connection, reachable, with no secret in it', async () => {
    const { admin } = await app()
    const res = await admin.get('/api/admin/canton')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      source: 'env',
      url: canton.current.devnet.url,
      synchronizerId: null,
      auth: { kind: 'jwt', userId: 'stratos-wallet', hasSecret: true },
      instrument: canton.current.config.instrument,
      registry: { url: canton.current.config.registryUrl, hasToken: true },
      reachable: true,
      version: expect.any(String),
    })
    expect(res.text).not.toContain(TEST_REGISTRY_TOKEN)
    expect(res.text).not.toContain(canton.current.devnet.jwtSecret)
  })

  test('behavior: without any connection the source is none and the Canton routes say not configured', async () => {
    const { admin, user } = await app({ canton: null })
    const res = await admin.get('/api/admin/canton')
    expect(res.body).toMatchObject({ source: 'none', url: null, auth: null, reachable: false })
    expect((await user.get('/api/canton/status')).body).toEqual({
      configured: false,
      partyId: null,
      instrument: null,
    })
    const holdings = await user.get('/api/canton/holdings')
    expect(holdings.status).toBe(503)
    expect(holdings.body.code).toBe('CANTON_NOT_CONFIGURED')
    const packages = await admin.get('/api/admin/canton/packages')
    expect(packages.status).toBe(503)
    expect(packages.body.code).toBe('CANTON_NOT_CONFIGURED')
  })

  test('error: a wrong token, a wrong JWT secret or an unreachable URL is 400 CANTON_UNREACHABLE, nothing saved', async () => {
    const { t, admin } = await app()
    const url = canton.current.devnet.url
    const wrongToken = await admin.put('/api/admin/canton', {
      url,
      auth: { kind: 'token', token: 'not-a-jwt' },
    })
    expect(wrongToken.status).toBe(400)
    expect(wrongToken.body.code).toBe('CANTON_UNREACHABLE')
    expect(wrongToken.body.message).toMatch(/refused the Ledger API token \(HTTP 401/)

    const wrongSecret = await admin.put('/api/admin/canton', {
      url,
      auth: { kind: 'jwt', secret: 'x'.repeat(40), userId: 'stratos-wallet' },
    })
    expect(wrongSecret.status).toBe(400)
    expect(wrongSecret.body.code).toBe('CANTON_UNREACHABLE')

    const unreachable = await admin.put('/api/admin/canton', {
      url: 'http://127.0.0.1:9',
      auth: { kind: 'token', token: await canton.current.devnet.tokenFor('stratos-wallet') },
    })
    expect(unreachable.status).toBe(400)
    expect(unreachable.body.code).toBe('CANTON_UNREACHABLE')
    expect(unreachable.body.message).toContain('http://127.0.0.1:9 could not be reached')

    const notHttp = await admin.put('/api/admin/canton', {
      url: 'ftp://example.com',
      auth: { kind: 'token', token: 'x' },
    })
    expect(notHttp.status).toBe(400)
    expect(notHttp.body.code).toBe('INVALID_BODY')
    expect(notHttp.body.message).toMatch(/^url: expected an http\(s\) URL/)

    expect((await admin.get('/api/admin/canton')).body.source).toBe('env')
    expect(await t.db.selectFrom('instance_settings').select('key').execute()).not.toContainEqual({
      key: 'canton_connection',
    })
    expect(await auditRows(t)).toEqual([])
  })

  test('behavior: a valid connection is saved, audited, and used by the next Canton request', async () => {
    const { t, admin, user, adminId } = await app({ canton: null })
    const token = await canton.current.devnet.tokenFor('stratos-wallet')
    const { instrument } = canton.current.config
    const registryUrl = canton.current.config.registryUrl
    // A participant does not serve the registry API: an instrument needs its registry.
    const noRegistry = await admin.put('/api/admin/canton', {
      url: canton.current.devnet.url,
      auth: { kind: 'token', token },
      instrument,
    })
    expect(noRegistry.status).toBe(400)
    expect(noRegistry.body).toEqual({
      code: 'INVALID_BODY',
      message: expect.stringMatching(/^registry: Required with an instrument/),
    })
    const put = await admin.put('/api/admin/canton', {
      url: canton.current.devnet.url,
      auth: { kind: 'token', token },
      instrument,
      registry: { url: registryUrl, token: TEST_REGISTRY_TOKEN },
    })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({
      source: 'settings',
      url: canton.current.devnet.url,
      auth: { kind: 'token', hasSecret: true },
      instrument,
      registry: { url: registryUrl, hasToken: true },
      reachable: true,
    })

    // The wallet's Canton routes follow at once, without a restart.
    expect((await user.get('/api/canton/status')).body).toMatchObject({ configured: true, instrument })
    expect((await admin.get('/api/admin/canton/packages')).status).toBe(200)

    // Left out, the registry token in use is kept for the same registry...
    const keepRegistryToken = await admin.put('/api/admin/canton', {
      url: canton.current.devnet.url,
      auth: { kind: 'token' },
      instrument,
      registry: { url: registryUrl },
    })
    expect(keepRegistryToken.body.registry).toEqual({ url: registryUrl, hasToken: true })
    // ...and not for another one.
    const otherRegistry = await admin.put('/api/admin/canton', {
      url: canton.current.devnet.url,
      auth: { kind: 'token' },
      instrument,
      registry: { url: 'https://registry.example.com' },
    })
    expect(otherRegistry.body.registry).toEqual({ url: 'https://registry.example.com', hasToken: false })

    // Left out, the token in use is kept for the same participant (the form never sees it)...
    const keep = await admin.put('/api/admin/canton', {
      url: canton.current.devnet.url,
      auth: { kind: 'token' },
    })
    expect(keep.status).toBe(200)
    expect(keep.body.instrument).toBeNull()
    expect(keep.body.registry).toBeNull()
    // ...but never handed to another server.
    const elsewhere = await admin.put('/api/admin/canton', {
      url: 'http://127.0.0.1:9',
      auth: { kind: 'token' },
    })
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.body.message).toMatch(/^auth\.token: Required/)

    const rows = await auditRows(t)
    expect(rows.map((r) => [r.action, r.actor_user_id, r.target])).toEqual(
      Array(4).fill(['canton.connection.update', adminId, canton.current.devnet.url]),
    )
    expect(JSON.parse(rows[0]!.details)).toMatchObject({
      auth: { kind: 'token' },
      secretChanged: true,
      instrument,
      registry: { url: registryUrl, hasToken: true, tokenChanged: true },
      previous: { source: 'none', url: null },
    })
    expect(JSON.parse(rows[1]!.details)).toMatchObject({
      registry: { url: registryUrl, hasToken: true, tokenChanged: false },
    })
    expect(JSON.parse(rows[2]!.details)).toMatchObject({
      registry: { url: 'https://registry.example.com', hasToken: false, tokenChanged: true },
    })
    expect(JSON.parse(rows[3]!.details)).toMatchObject({
      secretChanged: false,
      instrument: null,
      registry: null,
    })

    // Secrets are stored sealed under the instance key: never in clear in the database, never in
    // the audit log, never in a response.
    const stored = await t.db.selectFrom('instance_settings').selectAll().execute()
    expect(stored.find((row) => row.key === 'canton_connection')?.value).toMatch(/^\{"sealed":"v1"/)
    for (const secret of [token, TEST_REGISTRY_TOKEN]) {
      expect(JSON.stringify(stored)).not.toContain(secret)
      for (const row of rows) expect(JSON.stringify(row)).not.toContain(secret)
      expect(admin.transcript.join('\n')).not.toContain(secret)
    }
  })

  test('behavior: a JWT connection from the settings wins over the environment', async () => {
    const { t, admin } = await app({ devMode: true })
    const secret = canton.current.devnet.jwtSecret
    const res = await admin.put('/api/admin/canton', {
      url: `${canton.current.devnet.url}/`,
      synchronizerId: canton.current.devnet.synchronizerId,
      auth: { kind: 'jwt', secret, userId: 'stratos-wallet' },
      instrument: canton.current.config.instrument,
      registry: { url: canton.current.config.registryUrl, token: TEST_REGISTRY_TOKEN },
    })
    expect(res.status).toBe(200)

    // The saved registry and its token are used: a send is prepared through them.
    const a = await cantonPerson(t, 'Alice', 30)
    await onboardCantonPerson(a)
    expect((await a.client.post('/api/dev/canton-faucet')).status).toBe(200)
    const b = await cantonPerson(t, 'Bob', 31)
    const bParty = await onboardCantonPerson(b)
    const sent = await a.client.post('/api/canton/transfers/prepare', { receiver: bParty, amount: '1' })
    expect(sent.status).toBe(200)
    expect(sent.body.transferKind).toBe('offer')
    expect(res.body).toMatchObject({
      source: 'settings',
      synchronizerId: canton.current.devnet.synchronizerId,
      auth: { kind: 'jwt', userId: 'stratos-wallet', hasSecret: true },
    })
    const [row] = await auditRows(t)
    expect(JSON.parse(row!.details)).toMatchObject({
      auth: { kind: 'jwt', userId: 'stratos-wallet' },
      // The same secret the environment had: recorded as unchanged.
      secretChanged: false,
      previous: { source: 'env', url: canton.current.devnet.url },
    })
    expect(JSON.stringify(await auditRows(t))).not.toContain(secret)
    expect(JSON.stringify(await t.db.selectFrom('instance_settings').selectAll().execute())).not.toContain(
      secret,
    )
    expect(admin.transcript.join('\n')).not.toContain(secret)
  })

  test('behavior: an uploaded DAR is listed and audited with its sha256 and package', async () => {
    const { t, admin, adminId } = await app()
    const packageId = randomPackageId()
    const dar = buildTestDar('admin-console-test', '1.0.0', packageId)
    const res = await admin.postBytes('/api/admin/canton/dars', dar)
    expect(res.status).toBe(200)
    const sha256 = createHash('sha256').update(dar).digest('hex')
    expect(res.body).toEqual({ mainPackageId: packageId, packageIds: [packageId], sha256, size: dar.length })

    const packages = await admin.get('/api/admin/canton/packages')
    expect(packages.body.packageIds).toContain(packageId)

    const [row] = await auditRows(t)
    expect(row).toMatchObject({ action: 'canton.dar.upload', actor_user_id: adminId, target: sha256 })
    expect(JSON.parse(row!.details)).toEqual({
      sha256,
      size: dar.length,
      participant: canton.current.devnet.url,
      mainPackageId: packageId,
      packageIds: [packageId],
    })
    const audit = await admin.get('/api/admin/audit')
    expect(audit.body.entries[0]).toMatchObject({
      action: 'canton.dar.upload',
      actor: { id: adminId, displayName: 'Ada' },
      target: sha256,
    })
  })

  test("error: a malformed DAR is 400 with the participant's reason, not listed, not audited", async () => {
    const { t, admin } = await app()
    const before = (await admin.get('/api/admin/canton/packages')).body.packageIds
    const res = await admin.postBytes('/api/admin/canton/dars', new Uint8Array([1, 2, 3]))
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('CANTON_REJECTED')
    expect(res.body.message).toContain('INVALID_DAR')
    expect((await admin.get('/api/admin/canton/packages')).body.packageIds).toEqual(before)
    expect(await auditRows(t)).toEqual([])

    const json = await admin.post('/api/admin/canton/dars', { dar: 'abc' })
    expect(json.status).toBe(415)
    const empty = await admin.postBytes('/api/admin/canton/dars', new Uint8Array())
    expect(empty.status).toBe(400)
  })

  test('error: a DAR over 50 MiB is 413 before it reaches the participant', async () => {
    const { admin } = await app()
    const res = await admin.postBytes('/api/admin/canton/dars', new Uint8Array(50 * 1024 * 1024 + 1))
    expect(res.status).toBe(413)
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE')
    // JSON routes keep their small limit.
    const big = await admin.put('/api/admin/canton', { url: 'http://x.test', pad: 'x'.repeat(300_000) })
    expect(big.status).toBe(413)
  })

  test('error: a user is 403 and nobody is 401 on every admin route', async () => {
    const { t, user } = await app()
    const nobody = t.browser().client
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/admin/users'],
      ['GET', '/api/admin/canton'],
      ['PUT', '/api/admin/canton', { url: canton.current.devnet.url, auth: { kind: 'token', token: 'x' } }],
      ['GET', '/api/admin/canton/packages'],
      ['POST', '/api/admin/canton/dars', buildTestDar('x', '1.0.0', randomPackageId())],
      ['GET', '/api/admin/audit'],
    ]
    for (const [method, path, body] of calls) {
      const headers: Record<string, string> =
        body instanceof Uint8Array ? { 'content-type': 'application/octet-stream' } : {}
      const forbidden = await user.request(method, path, body, headers)
      expect([path, forbidden.status, forbidden.body.code]).toEqual([path, 403, 'FORBIDDEN'])
      const anonymous = await nobody.request(method, path, body, headers)
      expect([path, anonymous.status, anonymous.body.code]).toEqual([path, 401, 'UNAUTHENTICATED'])
    }
    expect(await auditRows(t)).toEqual([])
  })
})

describe.each(DB_KINDS)('/api/admin/audit on %s', (kind) => {
  const databases = useTestDatabases(kind)

  test('behavior: pages newest first; entries of the same moment page stably', async () => {
    const t = createTestApp(await databases.fresh())
    const { admin, adminId } = await adminAndUser(t)
    const base = Date.parse('2026-01-01T00:00:00Z')
    for (let i = 0; i < 5; i++) {
      await writeAuditEntry(t.db, {
        actor: { userId: adminId, requestId: undefined, ip: undefined, userAgent: undefined },
        action: `test.action.${i}`,
        details: { i },
        // Two entries share each timestamp.
        at: new Date(base + Math.floor(i / 2) * 1000),
      })
    }
    const seen: string[] = []
    let before: string | null = null
    let pages = 0
    do {
      const query: string = before
        ? `?action=test.&limit=2&before=${encodeURIComponent(before)}`
        : '?action=test.&limit=2'
      const res = await admin.get(`/api/admin/audit${query}`)
      expect(res.status).toBe(200)
      seen.push(...res.body.entries.map((e: { action: string }) => e.action))
      before = res.body.nextBefore
      pages++
    } while (before)
    expect(pages).toBe(3)
    expect(seen.slice(0, 1)).toEqual(['test.action.4'])
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4].map((i) => `test.action.${i}`))
    expect(seen.slice(3).sort()).toEqual(['test.action.0', 'test.action.1'])
  })

  test('error: a bad limit or an unknown cursor is 400 INVALID_QUERY', async () => {
    const t = createTestApp(await databases.fresh())
    const { admin } = await adminAndUser(t)
    for (const query of ['?limit=0', '?limit=1000', '?limit=abc', '?before=nope']) {
      const res = await admin.get(`/api/admin/audit${query}`)
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'INVALID_QUERY'])
    }
  })
})
