import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'

/** One dependency's readiness: `ok`, or the reason it is not. */
export type ReadinessCheck = () => Promise<void>

export interface StartHttpServerParameters {
  /** Default 127.0.0.1: metrics and probes stay on the machine unless a host is configured. */
  host?: string
  /** 0 = a free port (the bound one is in the result). */
  port: number
  registry: Registry
  /** Named checks for `/readyz` (e.g. database, etcd, chain:31337, canton); each throws when down. */
  readiness: Record<string, ReadinessCheck>
  /** Milliseconds each readiness check may take. Default 2000. */
  readinessTimeoutMs?: number
}

export interface HttpServer {
  url: string
  host: string
  port: number
  close(): Promise<void>
}

/**
 * The relayer's HTTP endpoints: `/metrics` (Prometheus text), `/healthz` (the process answers),
 * `/readyz` (every dependency reachable: 200, else 503 with which are down as JSON).
 */
export async function startHttpServer(parameters: StartHttpServerParameters): Promise<HttpServer> {
  const host = parameters.host ?? '127.0.0.1'
  const timeoutMs = parameters.readinessTimeoutMs ?? 2_000

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
      res.end(body)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, JSON.stringify({ code: 'METHOD_NOT_ALLOWED', message: 'Only GET is served' }))
      return
    }
    if (path === '/healthz') {
      send(200, JSON.stringify({ status: 'ok' }))
      return
    }
    if (path === '/metrics') {
      parameters.registry.metrics().then(
        (text) => send(200, text, parameters.registry.contentType),
        (error: unknown) => send(500, JSON.stringify({ code: 'METRICS_FAILED', message: String(error) })),
      )
      return
    }
    if (path === '/readyz') {
      void readiness(parameters.readiness, timeoutMs).then((checks) => {
        const down = Object.entries(checks)
          .filter(([, c]) => c !== 'ok')
          .map(([name]) => name)
        send(
          down.length === 0 ? 200 : 503,
          JSON.stringify({ status: down.length === 0 ? 'ready' : 'not-ready', down, checks }),
        )
      })
      return
    }
    send(404, JSON.stringify({ code: 'NOT_FOUND', message: `No route ${path}` }))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(parameters.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${port}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

async function readiness(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
          }),
        ])
        return [name, 'ok'] as const
      } catch (error) {
        // The reason, without stack or request details (which could hold a URL with credentials).
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
        return [name, message?.slice(0, 200) || 'down'] as const
      } finally {
        clearTimeout(timer)
      }
    }),
  )
  return Object.fromEntries(entries)
}
