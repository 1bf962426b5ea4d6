import { type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import { createDatabase, freePort, migrateToLatest } from '@stratos/db'
import { afterAll, describe, expect, test } from 'vitest'
import { useCantonDevnet } from '../testing/cantonDevnet.js'
import { cantonPerson } from '../testing/cantonPeople.js'
import { login, register, startRegistration } from '../testing/ceremonies.js'
import { createSoftAuthenticator } from '../testing/softAuthenticator.js'
import { testAddresses } from '../testing/testAddresses.js'
import { createTestApp } from '../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'
import { type ApiMetrics, createApiMetrics } from './apiMetrics.js'
import { startMetricsServer } from './metricsServer.js'

/**
 * The sum of every sample of `name` whose labels include `labels` (Prometheus text format), or
 * undefined when no sample matches.
 */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (match?.[1] !== name) continue
    const has = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => [k, v]),
    )
    if (Object.entries(labels).every(([k, v]) => has[k] === v)) sum = (sum ?? 0) + Number(match[3])
  }
  return sum
}

const scrape = (metrics: ApiMetrics) => metrics.registry.metrics()

describe('createApiMetrics', () => {
  test('behavior: two instances keep separate counts', async () => {
    const a = createApiMetrics()
    const b = createApiMetrics()
    a.countLogin('success')
    expect(sample(await scrape(a), 'stratos_api_auth_logins_total', { outcome: 'success' })).toBe(1)
    expect(sample(await scrape(b), 'stratos_api_auth_logins_total', { outcome: 'success' })).toBe(0)
  })

  test('behavior: readiness is 0 until set, and follows setReady', async () => {
    const metrics = createApiMetrics()
    expect(sample(await scrape(metrics), 'stratos_api_ready')).toBe(0)
    metrics.setReady(true)
    expect(sample(await scrape(metrics), 'stratos_api_ready')).toBe(1)
    metrics.setReady(false)
    expect(sample(await scrape(metrics), 'stratos_api_ready')).toBe(0)
  })

  test('behavior: default process metrics come unprefixed', async () => {
    const text = await scrape(createApiMetrics())
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0)
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0)
  })

  test('behavior: a request method outside the standard set is labelled other', async () => {
    const metrics = createApiMetrics()
    metrics.observeRequest({ method: 'BREW', route: 'unmatched', status: 404, seconds: 0.001 })
    const text = await scrape(metrics)
    expect(sample(text, 'stratos_api_http_requests_total', { method: 'other' })).toBe(1)
    expect(text).not.toContain('BREW')
  })

  test('error: a session count that fails reports NaN, not the last value', async () => {
    const metrics = createApiMetrics()
    let fail = false
    metrics.countSessionsWith(async () => {
      if (fail) throw new Error('database unreachable')
      return 3
    })
    expect(sample(await scrape(metrics), 'stratos_api_sessions_active')).toBe(3)
    fail = true
    expect(sample(await scrape(metrics), 'stratos_api_sessions_active')).toBeNaN()
  })
})

describe.each(DB_KINDS)('the app records its metrics on %s', (kind) => {
  const databases = useTestDatabases(kind)
  const setup = async () => {
    const metrics = createApiMetrics()
    const t = createTestApp(await databases.fresh(), {}, { metrics })
    return { t, metrics }
  }

  test('behavior: a request to a parameterised route is counted under its template, never its path', async () => {
    const { t, metrics } = await setup()
    const res = await t.browser().client.delete('/api/me/credentials/cred-7f3a9c')
    expect(res.status).toBe(401)
    const text = await scrape(metrics)
    const labels = { method: 'DELETE', route: '/api/me/credentials/:id', status: '401' }
    expect(sample(text, 'stratos_api_http_requests_total', labels)).toBe(1)
    expect(sample(text, 'stratos_api_http_request_duration_seconds_count', labels)).toBe(1)
    expect(text).not.toContain('cred-7f3a9c')
  })

  test('behavior: a path no route serves is counted as unmatched', async () => {
    const { t, metrics } = await setup()
    expect((await t.browser().client.get('/api/no/such/route/42')).status).toBe(404)
    const text = await scrape(metrics)
    expect(
      sample(text, 'stratos_api_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBe(1)
    expect(text).not.toContain('/api/no/such')
  })

  test('behavior: a request refused by middleware before its route ran is counted under that route', async () => {
    const { t, metrics } = await setup()
    const res = await t.app.request(`${t.config.origin}/api/auth/login/options`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(403)
    const labels = { method: 'POST', route: '/api/auth/login/options', status: '403' }
    expect(sample(await scrape(metrics), 'stratos_api_http_requests_total', labels)).toBe(1)
  })

  test('behavior: registrations and logins are counted by outcome', async () => {
    const { t, metrics } = await setup()
    const { client, authenticator } = t.browser()
    const count = async (name: string, outcome: string) => sample(await scrape(metrics), name, { outcome })

    expect((await register(client, authenticator, { addresses: testAddresses(1) })).status).toBe(200)
    // A second verify of a used registration challenge is refused.
    const pending = await startRegistration(client, createSoftAuthenticator({ origin: t.config.origin }), {})
    const verify = { ...pending, addresses: testAddresses(2) }
    expect((await client.post('/api/auth/register/verify', verify)).status).toBe(200)
    expect((await client.post('/api/auth/register/verify', verify)).status).toBe(400)
    expect(await count('stratos_api_auth_registrations_total', 'success')).toBe(2)
    expect(await count('stratos_api_auth_registrations_total', 'failure')).toBe(1)

    // A passkey created for this instance but never registered here.
    const stranger = createSoftAuthenticator({ origin: t.config.origin })
    await startRegistration(client, stranger, { displayName: 'ghost' })
    expect((await login(client, stranger)).body.code).toBe('CREDENTIAL_UNKNOWN')
    expect(await count('stratos_api_auth_logins_total', 'failure')).toBe(1)
    expect(await count('stratos_api_auth_logins_total', 'success')).toBe(0)

    expect((await login(client, authenticator)).status).toBe(200)
    expect(await count('stratos_api_auth_logins_total', 'success')).toBe(1)
    expect(await count('stratos_api_auth_logins_total', 'failure')).toBe(1)
    expect(await count('stratos_api_auth_logins_total', 'error')).toBe(0)
  })

  test('behavior: active sessions follow sign-in, sign-out and expiry', async () => {
    const { t, metrics } = await setup()
    const active = async () => sample(await scrape(metrics), 'stratos_api_sessions_active')
    expect(await active()).toBe(0)

    const alice = t.browser()
    await register(alice.client, alice.authenticator, { addresses: testAddresses(1) })
    const bob = t.browser()
    await register(bob.client, bob.authenticator, { addresses: testAddresses(2) })
    expect(await active()).toBe(2)

    expect((await login(alice.client, alice.authenticator)).status).toBe(200)
    expect(await active()).toBe(3)

    expect((await alice.client.post('/api/auth/logout')).status).toBe(204)
    expect(await active()).toBe(2)

    t.advance(t.config.sessionTtlSeconds)
    expect(await active()).toBe(0)
  })
})

describe('database statements', () => {
  test('behavior: a database opened with onQuery: metrics.observeQuery fills the query histogram', async () => {
    const metrics = createApiMetrics()
    const db = createDatabase({ kind: 'sqlite', file: ':memory:' }, { onQuery: metrics.observeQuery })
    try {
      await migrateToLatest(db)
      const t = createTestApp(db, {}, { metrics })
      const { client, authenticator } = t.browser()
      expect((await register(client, authenticator, { addresses: testAddresses(1) })).status).toBe(200)
      const text = await scrape(metrics)
      const count = (labels: Record<string, string>) =>
        sample(text, 'stratos_api_db_query_duration_seconds_count', labels)
      expect(count({ kind: 'select', outcome: 'ok' })).toBeGreaterThan(0)
      expect(count({ kind: 'insert', outcome: 'ok' })).toBeGreaterThan(0)
      expect(sample(text, 'stratos_api_db_query_duration_seconds_sum')).toBeGreaterThan(0)
    } finally {
      await db.destroy()
    }
  })
})

describe('upstream calls', () => {
  const databases = useTestDatabases('sqlite')
  const canton = useCantonDevnet()
  let anvil: AnvilNode | undefined
  afterAll(async () => {
    await anvil?.stop()
  })

  const upstream = async (metrics: ApiMetrics, name: string) => {
    const text = await scrape(metrics)
    return {
      ok: sample(text, 'stratos_api_upstream_request_duration_seconds_count', {
        upstream: name,
        outcome: 'ok',
      }),
      failed: sample(text, 'stratos_api_upstream_request_duration_seconds_count', {
        upstream: name,
        outcome: 'error',
      }),
      errors: sample(text, 'stratos_api_upstream_errors_total', { upstream: name }),
    }
  }

  async function evmUser(rpcUrl: string) {
    const metrics = createApiMetrics()
    const t = createTestApp(
      await databases.fresh(),
      { evm: { chainId: 31337, name: 'Anvil', symbol: 'ETH', rpcUrl } },
      { metrics },
    )
    const { client, authenticator } = t.browser()
    await register(client, authenticator, { addresses: testAddresses(1) })
    return { client, metrics }
  }
  const chainId = { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }

  test('behavior: an EVM call that the node answers is timed as ok', async () => {
    anvil = await startAnvil()
    const { client, metrics } = await evmUser(anvil.rpcUrl)
    expect((await client.post('/api/rpc/evm', chainId)).status).toBe(200)
    expect(await upstream(metrics, 'evm')).toEqual({ ok: 1, failed: undefined, errors: 0 })
  })

  test('error: an EVM node that refuses the connection is timed as an error and counted', async () => {
    const { client, metrics } = await evmUser(`http://127.0.0.1:${await freePort()}`)
    const res = await client.post('/api/rpc/evm', chainId)
    expect(res.body.code).toBe('RPC_UPSTREAM_ERROR')
    expect(await upstream(metrics, 'evm')).toEqual({ ok: undefined, failed: 1, errors: 1 })
  })

  test('behavior: Canton calls are timed under canton', async () => {
    const metrics = createApiMetrics()
    const t = createTestApp(await databases.fresh(), { canton: canton.current.config }, { metrics })
    const ada = await cantonPerson(t, 'Ada', 1)
    const topology = await ada.client.post('/api/canton/onboarding/topology', { publicKey: ada.publicKey })
    expect(topology.status).toBe(200)
    const { ok, errors } = await upstream(metrics, 'canton')
    expect(ok).toBeGreaterThan(0)
    expect(errors).toBe(0)
  })

  test('error: a Canton participant that refuses the connection is counted as an upstream error', async () => {
    const metrics = createApiMetrics()
    const unreachable = { ...canton.current.config, url: `http://127.0.0.1:${await freePort()}` }
    const t = createTestApp(await databases.fresh(), { canton: unreachable }, { metrics })
    const ada = await cantonPerson(t, 'Ada', 1)
    const topology = await ada.client.post('/api/canton/onboarding/topology', { publicKey: ada.publicKey })
    expect(topology.body.code).toBe('CANTON_UNAVAILABLE')
    const { ok, errors } = await upstream(metrics, 'canton')
    expect(ok).toBeUndefined()
    expect(errors).toBeGreaterThan(0)
  })
})

describe('startMetricsServer', () => {
  test('behavior: serves /metrics in the Prometheus text format on 127.0.0.1, 404 elsewhere', async () => {
    const metrics = createApiMetrics()
    metrics.countRegistration('success')
    const server = await startMetricsServer({ metrics, host: '127.0.0.1', port: 0 })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const res = await fetch(`${server.url}/metrics`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe(metrics.registry.contentType)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
      const text = await res.text()
      expect(text).toContain('# TYPE stratos_api_auth_registrations_total counter')
      expect(sample(text, 'stratos_api_auth_registrations_total', { outcome: 'success' })).toBe(1)

      for (const path of ['/', '/metrics/x', '/api/me']) {
        expect((await fetch(`${server.url}${path}`)).status, path).toBe(404)
      }
      const post = await fetch(`${server.url}/metrics`, { method: 'POST' })
      expect(post.status).toBe(405)
      expect(post.headers.get('allow')).toBe('GET, HEAD')
    } finally {
      await server.close()
    }
  })

  test('error: a port already in use is refused', async () => {
    const metrics = createApiMetrics()
    const first = await startMetricsServer({ metrics, host: '127.0.0.1', port: 0 })
    try {
      const port = Number(new URL(first.url).port)
      await expect(startMetricsServer({ metrics, host: '127.0.0.1', port })).rejects.toThrow(/EADDRINUSE/)
    } finally {
      await first.close()
    }
  })
})
