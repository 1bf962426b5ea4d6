import { describe, expect, test } from 'vitest'
import { startHttpServer } from './http.js'
import { createRelayerMetrics } from './metrics.js'

describe('startHttpServer', () => {
  test('behavior: /metrics, /healthz and /readyz on 127.0.0.1 and a free port', async () => {
    const metrics = createRelayerMetrics({ defaultMetrics: false })
    metrics.setLeader(true)
    let cantonDown = false
    const server = await startHttpServer({
      port: 0,
      registry: metrics.registry,
      readiness: {
        database: async () => undefined,
        canton: async () => {
          if (cantonDown) throw new Error('LEDGER_UNREACHABLE')
        },
      },
    })
    try {
      expect(server.host).toBe('127.0.0.1')
      expect(server.port).toBeGreaterThan(0)
      const m = await fetch(`${server.url}/metrics`)
      expect(m.status).toBe(200)
      expect(await m.text()).toContain('relayer_is_leader 1')
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      const ready = await fetch(`${server.url}/readyz`)
      expect(ready.status).toBe(200)
      cantonDown = true
      const notReady = await fetch(`${server.url}/readyz`)
      expect(notReady.status).toBe(503)
      expect(await notReady.json()).toMatchObject({
        down: ['canton'],
        checks: { database: 'ok', canton: 'LEDGER_UNREACHABLE' },
      })
      expect((await fetch(`${server.url}/nope`)).status).toBe(404)
    } finally {
      await server.close()
    }
  })

  test('behavior: a check that hangs counts as down after the timeout', async () => {
    const server = await startHttpServer({
      port: 0,
      registry: createRelayerMetrics({ defaultMetrics: false }).registry,
      readiness: { etcd: () => new Promise(() => undefined) },
      readinessTimeoutMs: 100,
    })
    try {
      const res = await fetch(`${server.url}/readyz`)
      expect(res.status).toBe(503)
      expect(await res.json()).toMatchObject({ down: ['etcd'] })
    } finally {
      await server.close()
    }
  })
})
