import { existsSync } from 'node:fs'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { join } from 'node:path'
import { type Http2Bindings, type HttpBindings, type ServerType, serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import type { LocalChain } from '@stratos/chains'
import type { Database } from '@stratos/db'
import { Hono } from 'hono'
import type { Kysely } from 'kysely'
import { createApp } from './app.js'
import { CHAIN_FAMILIES, type ChainFamilies } from './chains/chainFamilies.js'
import type { ApiConfig } from './config.js'
import type { ConnectionBindings, DevVaultDeployed } from './context.js'
import { enabledDockOrigins } from './dock/enabledDockOrigins.js'
import { documentFrameSources, securityHeadersMiddleware } from './http/securityHeaders.js'
import { isApiPath, staticCacheControl } from './http/servedPaths.js'
import { createLogger } from './logger.js'
import type { Logger } from './logging.js'
import type { ApiMetrics } from './metrics/apiMetrics.js'
import { SWEEP_INTERVAL_MS, sweepExpired } from './sessions/sweepExpired.js'

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
  /** Dev mode: the local chains of `stratos dev` by network id, for their faucets. */
  devChains?: ReadonlyMap<string, LocalChain>
  /** Where the app records its metrics (see `createApiMetrics`). */
  metrics?: ApiMetrics
  /**
   * How often old sessions and expired challenges are deleted (`sweepExpired`); default 10 minutes.
   */
  sweepIntervalMs?: number
  /** The chain families served; default this build's (`CHAIN_FAMILIES`). */
  chainFamilies?: ChainFamilies
}

export interface ApiServer {
  /** `http://host:port` the server listens on (not necessarily the public origin). */
  url: string
  /**
   * Graceful stop: `/readyz` turns 503, the listener stops accepting, idle connections close and
   * requests in flight finish (each answered with `Connection: close`). Connections still busy
   * after `timeoutMs` (default 10 s) are cut. Resolves once no connection is left.
   */
  close(timeoutMs?: number): Promise<{ inFlightAtClose: number; cut: number }>
}

/** Serves the API (and optionally the single-page app) on Node with @hono/node-server. */
export async function startApiServer(options: StartApiServerOptions): Promise<ApiServer> {
  const { db, config, port, host = '127.0.0.1', staticDir, onDevVaultDeployed, metrics } = options
  const logger = options.logger ?? createLogger()
  let draining = false
  const api = createApp({
    db,
    config,
    isDraining: () => draining,
    logger,
    chainFamilies: options.chainFamilies ?? CHAIN_FAMILIES,
    ...(onDevVaultDeployed ? { onDevVaultDeployed } : {}),
    ...(options.devChains ? { devChains: options.devChains } : {}),
    ...(metrics ? { metrics } : {}),
  })
  const spa = staticDir ? spaApp(staticDir, config.origin, db, logger) : undefined

  const fetch = async (request: Request, env: HttpBindings | Http2Bindings) => {
    const { pathname } = new URL(request.url)
    const bindings: ConnectionBindings = { remoteAddress: env.incoming.socket.remoteAddress }
    const toApi = !spa || isApiPath(pathname)
    const response = await (toApi ? api.fetch(request, bindings) : spa.fetch(request))
    // While draining, every answer closes its connection: the client's next request opens a new one,
    // which the load balancer sends to a replica that stays.
    if (draining) response.headers.set('Connection', 'close')
    return response
  }

  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch, port, hostname: host }, () => resolve(s))
    s.once('error', reject)
  })
  const http = server as Server
  const busy = new Set<Socket>()
  http.on('request', (request: IncomingMessage, response: ServerResponse) => {
    busy.add(request.socket)
    response.once('close', () => {
      busy.delete(request.socket)
      if (draining) http.closeIdleConnections()
    })
  })

  // Sessions that ended more than a day ago and expired challenges go (docs/operations.md). Every
  // process sweeps; the deletes are idempotent. The timer does not keep the process alive.
  let sweeping = false
  const sweeper = setInterval(() => {
    if (sweeping) return
    sweeping = true
    sweepExpired(db, new Date())
      .then((deleted) => {
        if (deleted.sessions + deleted.challenges > 0)
          logger.info({ deleted }, 'swept old sessions and challenges')
      })
      .catch((err: unknown) => logger.warn({ err }, 'sweep of old sessions and challenges failed'))
      .finally(() => {
        sweeping = false
      })
  }, options.sweepIntervalMs ?? SWEEP_INTERVAL_MS)
  sweeper.unref()

  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shownHost}:${address.port}`,
    async close(timeoutMs = 10_000) {
      draining = true
      clearInterval(sweeper)
      const inFlightAtClose = busy.size
      const closed = new Promise<void>((resolve) => http.close(() => resolve()))
      http.closeIdleConnections()
      let cut = 0
      const deadline = setTimeout(() => {
        cut = busy.size
        http.closeAllConnections()
      }, timeoutMs)
      await closed
      clearTimeout(deadline)
      return { inFlightAtClose, cut }
    },
  }
}

/**
 * Static files of the built SPA; any other GET is answered with index.html (client routing). The
 * same security headers as the API's (CSP and the rest); an HTML document's CSP frames the enabled
 * dock apps.
 */
function spaApp(staticDir: string, origin: string, db: Kysely<Database>, logger: Logger) {
  if (!existsSync(join(staticDir, 'index.html'))) throw new Error(`staticDir ${staticDir} has no index.html`)
  const app = new Hono()
  // Headers are set before the file is answered: changed afterwards, the response is rebuilt.
  app.use('*', securityHeadersMiddleware(origin))
  app.use(
    '*',
    documentFrameSources(
      () => enabledDockOrigins(db),
      (err) => logger.warn({ err }, "dock apps' origins unreadable: the page frames none"),
    ),
  )
  app.use('*', async (c, next) => {
    c.header('Cache-Control', staticCacheControl(c.req.path))
    await next()
  })
  app.use('*', serveStatic({ root: staticDir }))
  app.get('*', serveStatic({ root: staticDir, path: 'index.html' }))
  return app
}
