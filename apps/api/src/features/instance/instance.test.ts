import type { Database } from '@stratos/db'
import { useTestDatabases as useTestDatabasesOf } from '@stratos/db/testing'
import { describe, expect, test } from 'vitest'
import { ensureAdminEnrollment } from '../../enrollment/ensureAdminEnrollment.js'
import { createTestApp } from '../../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

describe.each(DB_KINDS)('/api/health and /api/config on %s', (kind) => {
  const databases = useTestDatabases(kind)

  test('behavior: health is {ok:true}', async () => {
    const t = createTestApp(await databases.fresh())
    const res = await t.browser().client.get('/api/health')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ ok: true })
  })

  test('behavior: config is the public configuration; needsAdmin follows the enrollment link', async () => {
    const t = createTestApp(await databases.fresh(), { devMode: true })
    const { client } = t.browser()
    const before = await client.get('/api/config')
    expect(before.body).toEqual({
      instanceName: 'Test Vault',
      brand: {
        name: 'Test Vault',
        primaryColor: '#4f46e5',
        accentColor: '#818cf8',
        supportEmail: null,
        supportUrl: null,
        logoUrl: null,
      },
      rpId: 'localhost',
      needsAdmin: false,
      devMode: true,
      autoLockSeconds: 300,
      evm: { chainId: 31337, name: 'Anvil', symbol: 'ETH', rpcPath: '/api/rpc/evm' },
      operatorSignIn: false,
    })
    // The upstream RPC URL (which may hold an API key) is never disclosed.
    expect(before.text).not.toContain(t.config.evm.rpcUrl)
    await ensureAdminEnrollment(t.db, t.config.origin)
    expect((await client.get('/api/config')).body.needsAdmin).toBe(true)
  })

  test('behavior: every answer carries its own request id, the one its log line has; a client cannot choose it', async () => {
    const t = createTestApp(await databases.fresh())
    const { client } = t.browser()
    const ok = await client.request('GET', '/api/health', undefined, { 'x-request-id': 'chosen-by-client' })
    const missing = await client.get('/api/nothing-here')
    const ids = [ok, missing].map((res) => res.headers.get('x-request-id'))
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(ids[0]).not.toBe(ids[1])
    const requestLines = t.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request')
    expect(requestLines.map((l) => [l.requestId, l.status])).toEqual([
      [ids[0], 200],
      [ids[1], 404],
    ])
  })

  test('error: an unknown API path is 404 NOT_FOUND as JSON', async () => {
    const t = createTestApp(await databases.fresh())
    const res = await t.browser().client.get('/api/nothing-here')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: 'No route GET /api/nothing-here' })
  })

  test('error: a body over the size limit is 413 PAYLOAD_TOO_LARGE', async () => {
    const t = createTestApp(await databases.fresh())
    const res = await t
      .browser()
      .client.post('/api/auth/register/options', { displayName: 'x'.repeat(300_000) })
    expect(res.status).toBe(413)
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE')
  })
})

describe.each(DB_KINDS)('/healthz and /readyz on %s', (kind) => {
  const migrated = useTestDatabases(kind)
  const empty = useTestDatabasesOf<Database>(kind, { migrate: async () => {} })

  test('behavior: ready when the database answers with every migration; Canton not configured', async () => {
    const { client } = createTestApp(await migrated.fresh()).browser()
    expect((await client.get('/healthz')).body).toEqual({ status: 'ok' })
    const ready = await client.get('/readyz')
    expect(ready.status).toBe(200)
    expect(ready.body).toEqual({
      status: 'ready',
      checks: { database: 'ok', schema: 'ok', canton: 'not configured' },
    })
  })

  test('error: a database without the migrations is not ready, naming the command', async () => {
    const { client } = createTestApp(await empty.fresh()).browser()
    const ready = await client.get('/readyz')
    expect(ready.status).toBe(503)
    expect(ready.body).toEqual({
      code: 'NOT_READY',
      message: expect.stringMatching(
        /^Not ready: schema: \d+ migration\(s\) not applied \(run `stratos migrate`\)$/,
      ),
    })
  })

  test('error: an unreachable Canton participant and a shutdown are named', async () => {
    const canton = {
      url: 'http://127.0.0.1:9',
      synchronizerId: undefined,
      auth: { kind: 'token' as const, token: 'secret-ledger-token' },
      userId: undefined,
      registryUrl: undefined,
      registryToken: undefined,
      instrument: null,
    }
    const t = createTestApp(await migrated.fresh(), { canton }, { isDraining: () => true })
    const ready = await t.browser().client.get('/readyz')
    expect(ready.status).toBe(503)
    expect(ready.body.message).toMatch(
      /^Not ready: canton: http:\/\/127\.0\.0\.1:9 could not be reached .*; shutting down$/,
    )
    expect(ready.text).not.toContain('secret-ledger-token')
  })
})
