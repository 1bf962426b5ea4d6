import type { LocalChain } from '@stratos/chains'
import type { Database } from '@stratos/db/portable'
import { type RouteDefinition, routes } from '@stratos/schemas'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Kysely } from 'kysely'
import { createCantonConnection } from './canton/cantonConnection.js'
import { toApiError } from './canton/cantonLedger.js'
import { cantonPerRequest } from './canton/cantonPerRequest.js'
import { type ChainFamilies, chainAdapterOf, upstreamAllowlistOf } from './chains/chainFamilies.js'
import { type ApiConfig, acceptedOrigins } from './config.js'
import type { AppDeps, AppEnv, ConnectionBindings, DevVaultDeployed } from './context.js'
import { ApiError, codeForStatus } from './errors.js'
import { adminRoutes } from './features/admin/routes.js'
import { authRoutes } from './features/auth/routes.js'
import { cantonRoutes } from './features/canton/routes.js'
import { credentialsRoutes } from './features/credentials/routes.js'
import { defiRoutes } from './features/defi/routes.js'
import { devRoutes } from './features/dev/routes.js'
import { dockRoutes } from './features/dock/routes.js'
import { instanceRoutes } from './features/instance/routes.js'
import { meRoutes } from './features/me/routes.js'
import { networksRoutes } from './features/networks/routes.js'
import { operatorRoutes } from './features/operator/routes.js'
import { pricesRoutes } from './features/prices/routes.js'
import { recoveryRoutes } from './features/recovery/routes.js'
import { rpcRoutes } from './features/rpc/routes.js'
import { sessionsRoutes } from './features/sessions/routes.js'
import { stepUpRoutes } from './features/stepUp/routes.js'
import { resolveClientAddress } from './http/clientAddress.js'
import { createRateLimiter } from './http/rateLimit.js'
import { securityHeadersMiddleware } from './http/securityHeaders.js'
import { createJsonLogger, type Logger } from './logging.js'
import type { ApiMetrics } from './metrics/apiMetrics.js'
import { countActiveSessions } from './metrics/countActiveSessions.js'
import { requestMetrics } from './metrics/requestMetrics.js'
import { timedFetch } from './metrics/timedFetch.js'
import { createOperatorSessions } from './sessions/operatorSessions.js'
import { createSessions } from './sessions/sessions.js'

export interface CreateAppOptions {
  db: Kysely<Database>
  config: ApiConfig
  /** Defaults to JSON lines through `console.log` (`createJsonLogger`). */
  logger?: Logger
  /** Defaults to the system clock; tests pass their own to expire challenges and sessions. */
  clock?: () => Date
  /** Dev mode: called with each vault `POST /api/dev/defi-vault` deployed (e.g. to add it to a relayer). */
  onDevVaultDeployed?: (vault: DevVaultDeployed) => void | Promise<void>
  /** Dev mode: the local chains of `stratos dev` by network id, for their faucets. */
  devChains?: ReadonlyMap<string, LocalChain>
  /** Check every response against its contract schema (tests): a drifted body becomes a 500. */
  checkResponses?: boolean
  /** True once the server is shutting down (`/readyz` answers 503). Default: never. */
  isDraining?: () => boolean
  /**
   * Where requests, sign-ins, active sessions and upstream calls are recorded (statements are timed
   * by `createDatabase`'s `onQuery`). Absent, nothing is recorded.
   */
  metrics?: ApiMetrics
  /**
   * The chain families the app serves: adapters for the checks of networks and tokens, allowlists
   * of the browser proxies (`CHAIN_FAMILIES` of `chains/chainFamilies.ts` in a served instance).
   */
  chainFamilies: ChainFamilies
}

/** The largest JSON body any route accepts. */
export const MAX_BODY_BYTES = 256 * 1024
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** Routes whose body is a file with its own, larger limit (checked by the route): `METHOD /path`. */
const RAW_BODY_ROUTES = new Set(
  (Object.values(routes) as RouteDefinition[])
    .filter((route) => route.body !== undefined && 'mediaType' in route.body)
    .map((route) => `${route.method} ${route.path}`),
)
/** Routes whose JSON body may be larger than MAX_BODY_BYTES (`METHOD /path` -> bytes). */
const LARGE_JSON_ROUTES = new Map<string, number>(
  (Object.values(routes) as RouteDefinition[]).flatMap((route) =>
    route.body && 'schema' in route.body && route.body.maxBytes !== undefined
      ? [[`${route.method} ${route.path}`, route.body.maxBytes] as [string, number]]
      : [],
  ),
)

/**
 * Builds the HTTP API of one instance. Runtime-neutral (Web APIs only): `node.ts` serves it on
 * Node, `worker.ts` on Cloudflare Workers. Every error leaves as JSON `{ code, message }`.
 */
export function createApp(options: CreateAppOptions): Hono<AppEnv> {
  const { db, config } = options
  const origins = acceptedOrigins(config)
  const logger = options.logger ?? createJsonLogger()
  const clock = options.clock ?? (() => new Date())
  const { metrics } = options
  metrics?.countSessionsWith(() => countActiveSessions(db, clock()))
  const deps: AppDeps = {
    db,
    config,
    logger,
    clock,
    sessions: createSessions(db, config, clock),
    operatorSessions: createOperatorSessions(db, config, clock),
    rateLimiter: createRateLimiter(db, config.rateLimits, clock),
    // The admin-set connection (instance_settings) wins over CANTON_* and applies without a restart.
    cantonConnection: createCantonConnection(
      db,
      config.canton,
      config.instanceKey,
      metrics ? timedFetch(metrics, 'canton') : fetch,
      clock,
    ),
    checkResponses: options.checkResponses ?? false,
    isDraining: options.isDraining ?? (() => false),
    onDevVaultDeployed: options.onDevVaultDeployed,
    devChains: options.devChains,
    metrics,
    evmFetch: metrics ? timedFetch(metrics, 'evm') : fetch,
    chainAdapter: chainAdapterOf(options.chainFamilies),
    upstreamAllowlist: upstreamAllowlistOf(options.chainFamilies),
  }

  const app = new Hono<AppEnv>()

  // Every request gets an id of ours (never the client's: the audit log records it), sent back
  // as X-Request-Id and on every log line of the request. The client address is the peer's, or
  // what trusted proxies report (X-Forwarded-For/-Proto). Request log: method, path (never the
  // query), status, duration, client address and protocol, user and error code. Never bodies,
  // headers, cookies or tokens.
  app.use(async (c, next) => {
    const started = performance.now()
    const requestId = crypto.randomUUID()
    c.set('requestId', requestId)
    c.header('X-Request-Id', requestId)
    const client = resolveClientAddress(
      (c.env as ConnectionBindings | undefined)?.remoteAddress,
      { forwardedFor: c.req.header('x-forwarded-for'), forwardedProto: c.req.header('x-forwarded-proto') },
      new URL(c.req.url).protocol.replace(':', ''),
      config.trustedProxies,
    )
    c.set('clientIp', client.ip)
    await next()
    const status = c.res.status
    const line = {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status,
      ip: client.ip,
      proto: client.protocol,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      userId: c.get('logUserId'),
      code: c.get('logErrorCode'),
    }
    if (status >= 500) logger.error(line, 'request')
    else if (status >= 400) logger.warn(line, 'request')
    else logger.info(line, 'request')
  })

  // CSP, frame and referrer policies, nosniff, HSTS on https: on every answer, errors included.
  app.use(securityHeadersMiddleware(config.origin))

  if (metrics) app.use(requestMetrics(metrics))

  app.use('/api/*', async (c, next) => {
    // Cross-site requests carrying an Origin other than ours are refused before any handler
    // runs (defence in depth beside SameSite=Strict cookies and JSON-only bodies).
    const origin = c.req.header('origin')
    if (UNSAFE_METHODS.has(c.req.method) && origin !== undefined && !origins.includes(origin)) {
      throw new ApiError(
        403,
        'ORIGIN_FORBIDDEN',
        `Requests from origin ${origin.slice(0, 100)} are not accepted`,
      )
    }
    // API answers are per user and per moment: never cache them. Set before the handler runs, so
    // the answer is built with it: changing headers afterwards makes @hono/node-server rebuild
    // and stream the response (it cost about 40% of a small route's throughput).
    c.header('Cache-Control', 'no-store')
    await next()
  })

  const tooLarge = (maxBytes: number) => () => {
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The body exceeds ${maxBytes} bytes`)
  }
  const streamingLimits = new Map(
    [MAX_BODY_BYTES, ...LARGE_JSON_ROUTES.values()].map((maxSize) => [
      maxSize,
      bodyLimit({ maxSize, onError: tooLarge(maxSize) }),
    ]),
  )
  app.use('/api/*', (c, next) => {
    const route = `${c.req.method} ${c.req.path}`
    if (RAW_BODY_ROUTES.has(route)) return next()
    const maxBytes = LARGE_JSON_ROUTES.get(route) ?? MAX_BODY_BYTES
    // A declared Content-Length is checked without touching the body: reading it as a stream (what
    // bodyLimit does) leaves @hono/node-server's fast path and cost about 8% of a login's CPU. The
    // HTTP parser never hands a handler more bytes than were declared.
    const length = c.req.header('content-length')
    if (length !== undefined && !c.req.header('transfer-encoding')) {
      return Number(length) > maxBytes ? tooLarge(maxBytes)() : next()
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    return streamingLimits.get(maxBytes)!(c, next)
  })

  app.use('/api/*', cantonPerRequest(deps.cantonConnection))

  // Feature routers carry full paths (their contract's); each serves one audience.
  for (const feature of [
    instanceRoutes,
    authRoutes,
    operatorRoutes,
    meRoutes,
    credentialsRoutes,
    sessionsRoutes,
    stepUpRoutes,
    recoveryRoutes,
    rpcRoutes,
    networksRoutes,
    dockRoutes,
    cantonRoutes,
    defiRoutes,
    pricesRoutes,
    adminRoutes,
    devRoutes,
  ]) {
    app.route('/', feature(deps))
  }

  app.notFound((c) => {
    c.set('logErrorCode', 'NOT_FOUND')
    return c.json({ code: 'NOT_FOUND', message: `No route ${c.req.method} ${c.req.path}` }, 404)
  })

  app.onError((thrown, c) => {
    // Canton participant failures carry their own codes; they become ours here.
    const error = toApiError(thrown)
    let status: ContentfulStatusCode
    let code: string
    let message: string
    if (error instanceof ApiError) {
      ;({ status, code, message } = error)
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value)
    } else if (error instanceof HTTPException) {
      status = error.status
      code = codeForStatus(status)
      message = error.message || code
    } else {
      status = 500
      code = 'INTERNAL'
      message = 'Internal server error'
    }
    if (status >= 500) {
      // Server-side detail stays in the server log; the client gets the code only.
      logger.error({ requestId: c.get('requestId'), code, err: error, path: c.req.path }, 'request failed')
    }
    c.set('logErrorCode', code)
    c.header('Cache-Control', 'no-store')
    return c.json({ code, message }, status)
  })

  return app
}
