import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ApiMetrics } from './apiMetrics.js'

export interface StartMetricsServerOptions {
  metrics: ApiMetrics
  /** Interface to bind (`METRICS_HOST`). */
  host: string
  /** `METRICS_PORT`; 0 binds a free port (the bound one is in the result's url). */
  port: number
}

export interface MetricsServer {
  /** `http://host:port`, the bound port; metrics are at `${url}/metrics`. */
  url: string
  /** Stops listening and closes open connections. */
  close(): Promise<void>
}

/**
 * Serves `GET /metrics` (Prometheus text format) on a listener of its own, apart from the app's
 * port, so metrics can stay on an internal interface. Every other path is 404, any other method
 * on /metrics 405.
 */
export async function startMetricsServer(options: StartMetricsServerOptions): Promise<MetricsServer> {
  const { registry } = options.metrics
  const server = createServer((req, res) => {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
        // Plain text for a scraper: never sniffed, framed, or given anything to load.
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'referrer-policy': 'no-referrer',
        ...headers,
      })
      res.end(body)
    }
    const path = (req.url ?? '/').split('?')[0]
    if (path !== '/metrics') return send(404, `Not found: metrics are at /metrics\n`)
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(405, 'Only GET is served\n', { allow: 'GET, HEAD' })
    registry.metrics().then(
      (text) => send(200, text, { 'content-type': registry.contentType }),
      // Collectors that read the database catch their own failures (NaN): this is a bug in one.
      (error: unknown) =>
        send(500, `Collecting metrics failed: ${error instanceof Error ? error.message : error}\n`),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { address, port } = server.address() as AddressInfo
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
