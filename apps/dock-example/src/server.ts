import { readFile, stat } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, extname, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

/** The token-standard instrument the sample app shows and sends (`InstrumentId`). */
export interface DockExampleInstrument {
  admin: string
  id: string
}

export interface ServeDockExampleOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string
  /** Port; 0 (default) takes a free one. */
  port?: number
  /** The wallet's origin (e.g. `http://127.0.0.1:8787`): the only page allowed to frame the app (CSP `frame-ancestors`). */
  walletOrigin: string
  /** Base URL of the token-standard registry (`<registryUrl>/registry/transfer-instruction/v1/…`); unset: `/registry/*` is 503. */
  registryUrl?: string
  /** Sent to the registry as `Authorization: Bearer` by the server only; never reaches the browser. */
  registryToken?: string
  /** The instrument the app uses for Canton, published at `/config.json`; null: none. */
  instrument: DockExampleInstrument | null
  /** The built app; default `apps/dock-example/dist`. */
  distDir?: string
}

export interface DockExampleServer {
  /** `http://host:port`. */
  url: string
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
}

const defaultDist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist')

function problem(status: 400 | 404 | 405 | 502 | 503, code: string, message: string): Response {
  return Response.json({ code, message }, { status })
}

/**
 * The sample dock app's own server: its built files, `/config.json` (the instrument: nothing
 * secret) and `/registry/*` forwarded to the token-standard registry (which sends no CORS headers,
 * so the browser cannot call it from the app's origin). Every answer carries the app's CSP, whose
 * `frame-ancestors` admits only the wallet: the app runs nowhere but in the wallet's dock.
 */
export async function serveDockExample(options: ServeDockExampleOptions): Promise<DockExampleServer> {
  const dist = resolve(options.distDir ?? defaultDist)
  if (!(await stat(resolve(dist, 'index.html')).catch(() => null))?.isFile())
    throw new Error(
      `The sample dock app is not built (${dist} has no index.html): npm run build -w @stratos/dock-example`,
    )
  const walletOrigin = new URL(options.walletOrigin).origin
  const registryBase = options.registryUrl?.replace(/\/+$/, '')
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${walletOrigin}`,
  ].join('; ')

  const app = new Hono()
  app.use('*', async (c, next) => {
    await next()
    c.res.headers.set('Content-Security-Policy', csp)
    c.res.headers.set('X-Content-Type-Options', 'nosniff')
    c.res.headers.set('Referrer-Policy', 'no-referrer')
  })

  app.get('/config.json', (c) => c.json({ instrument: options.instrument }))

  app.all('/registry/*', async (c) => {
    if (c.req.method !== 'GET' && c.req.method !== 'POST')
      return problem(405, 'METHOD_NOT_ALLOWED', 'The registry API is read with GET and POST only')
    if (!registryBase)
      return problem(
        503,
        'REGISTRY_NOT_CONFIGURED',
        'This sample app was started without a token registry URL (registryUrl)',
      )
    const url = new URL(c.req.url)
    const headers: Record<string, string> = { Accept: 'application/json' }
    const contentType = c.req.header('content-type')
    if (contentType) headers['Content-Type'] = contentType
    if (options.registryToken) headers.Authorization = `Bearer ${options.registryToken}`
    let answer: Response
    try {
      answer = await fetch(`${registryBase}${url.pathname}${url.search}`, {
        method: c.req.method,
        headers,
        ...(c.req.method === 'POST' ? { body: await c.req.arrayBuffer() } : {}),
      })
    } catch {
      return problem(
        502,
        'REGISTRY_UNREACHABLE',
        `The token registry at ${registryBase} could not be reached`,
      )
    }
    return new Response(answer.body, {
      status: answer.status,
      headers: { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' },
    })
  })

  app.get('*', async (c) => {
    let path: string
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname)
    } catch {
      return problem(400, 'BAD_PATH', 'The path is not valid percent-encoding')
    }
    if (path.includes('\0')) return problem(400, 'BAD_PATH', 'The path holds a NUL byte')
    const file = resolve(dist, `.${path.endsWith('/') ? `${path}index.html` : path}`)
    // Only files below dist are served, whatever `..` or encoded slashes the path holds.
    if (!file.startsWith(`${dist}${sep}`)) return problem(404, 'NOT_FOUND', 'No such file')
    const found = await stat(file).catch(() => null)
    if (!found?.isFile()) return problem(404, 'NOT_FOUND', `No file ${path.slice(0, 200)}`)
    const body = await readFile(file)
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
    return c.body(body, 200, {
      'Content-Type': type,
      'Cache-Control': file.includes(`${sep}assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    })
  })

  const server = await new Promise<Server>((done, fail) => {
    const s = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: options.host ?? '127.0.0.1' },
      () => done(s as Server),
    )
    s.once('error', fail)
  })
  const { address, port } = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections()
        server.close((error) => (error ? fail(error) : done()))
      }),
  }
}
