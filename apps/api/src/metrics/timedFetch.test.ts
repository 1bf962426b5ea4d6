import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApiMetrics } from './apiMetrics.js'
import { timedFetch } from './timedFetch.js'

describe('timedFetch', () => {
  // Answers GET /<status> with that status.
  const server = createServer((req, res) => {
    res.writeHead(Number(req.url?.slice(1)) || 200)
    res.end('{}')
  })
  let base: string
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  /** Fetches each status through a timed fetch; the scrape afterwards. */
  async function scrapeAfter(statuses: number[]) {
    const metrics = createApiMetrics()
    const fetchCanton = timedFetch(metrics, 'canton')
    for (const status of statuses) expect((await fetchCanton(`${base}/${status}`)).status).toBe(status)
    return metrics.registry.metrics()
  }
  const count = (outcome: string, n: number) =>
    `stratos_api_upstream_request_duration_seconds_count{upstream="canton",outcome="${outcome}"} ${n}\n`

  test('behavior: answers to the request itself (2xx, 400, 404, 409) are ok', async () => {
    const text = await scrapeAfter([200, 400, 404, 409])
    expect(text).toContain(count('ok', 4))
    expect(text).not.toContain(`upstream="canton",outcome="error"`)
    expect(text).toContain('stratos_api_upstream_errors_total{upstream="canton"} 0\n')
  })

  test('error: server errors, refused credentials and rate limiting are upstream errors', async () => {
    const text = await scrapeAfter([500, 502, 503, 401, 403, 429])
    expect(text).toContain(count('error', 6))
    expect(text).not.toContain(`upstream="canton",outcome="ok"`)
    expect(text).toContain('stratos_api_upstream_errors_total{upstream="canton"} 6\n')
  })

  test('error: a call that throws is counted and still throws', async () => {
    const metrics = createApiMetrics()
    const failing: typeof fetch = () => Promise.reject(new TypeError('fetch failed'))
    await expect(timedFetch(metrics, 'evm', failing)('http://127.0.0.1:1/')).rejects.toThrow('fetch failed')
    const text = await metrics.registry.metrics()
    expect(text).toContain('stratos_api_upstream_errors_total{upstream="evm"} 1')
    expect(text).toContain(
      'stratos_api_upstream_request_duration_seconds_count{upstream="evm",outcome="error"} 1',
    )
  })
})
