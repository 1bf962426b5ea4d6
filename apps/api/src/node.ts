import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Database } from '@stratos/db'
import { Hono } from 'hono'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createApp } from './app.js'
import type { ApiConfig } from './config.js'
import type { DevVaultDeployed } from './context.js'

export interface StartApiServerOptions {
  db: Kysely<Database>
  config: ApiConfig
  /** 0 picks a free port. */
  port: number
  host?: string
  /** The built web app (apps/web/dist): served for every non-/api path, index.html as fallback. */
  staticDir?: string
  logger?: Logger
  /** Dev mode: called with each vault `POST /api/dev/defi-vault` deployed (`stratos dev` adds it to its relayer). */
  onDevVaultDeployed?: (vault: DevVaultDeployed) => void | Promise<void>
}

export interface ApiServer {
  /** `http://host:port` the server listens on (not necessarily the public origin). */
  url: string
  close(): Promise<void>
}

/** Serves the API (and optionally the single-page app) on Node with @hono/node-server. */
export async function startApiServer(options: StartApiServerOptions): Promise<ApiServer> {
  const { db, config, port, host = '127.0.0.1', staticDir, logger, onDevVaultDeployed } = options
  const api = createApp({
    db,
    config,
    ...(logger ? { logger } : {}),
    ...(onDevVaultDeployed ? { onDevVaultDeployed } : {}),
  })
  const spa = staticDir ? spaApp(staticDir) : undefined

  const fetch = (request: Request) => {
    const { pathname } = new URL(request.url)
    if (!spa || pathname === '/api' || pathname.startsWith('/api/')) return api.fetch(request)
    return spa.fetch(request)
  }

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch, port, hostname: host }, () => resolve(s))
    s.once('error', reject)
  })
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        // Keep-alive connections would otherwise hold close() open.
        if ('closeIdleConnections' in server) server.closeIdleConnections()
      }),
  }
}

/** Static files of the built SPA; any other GET is answered with index.html (client routing). */
function spaApp(staticDir: string) {
  if (!existsSync(join(staticDir, 'index.html'))) throw new Error(`staticDir ${staticDir} has no index.html`)
  const app = new Hono()
  app.use('*', async (c, next) => {
    await next()
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Referrer-Policy', 'no-referrer')
    // Hashed build assets never change; index.html must be revalidated to pick up new builds.
    c.header(
      'Cache-Control',
      c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    )
  })
  app.use('*', serveStatic({ root: staticDir }))
  app.get('*', serveStatic({ root: staticDir, path: 'index.html' }))
  return app
}
