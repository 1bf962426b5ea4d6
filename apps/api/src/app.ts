import type { Database } from '@stratos/db'
import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createCantonConnection } from './cantonConnection.js'
import type { ApiConfig } from './config.js'
import type { AppDeps, AppEnv } from './context.js'
import { ApiError, codeForStatus } from './errors.js'
import { adminRoutes, OWN_BODY_LIMIT_ROUTES } from './features/admin/routes.js'
import { authRoutes } from './features/auth/routes.js'
import { toApiError } from './features/canton/cantonLedger.js'
import { cantonRoutes } from './features/canton/routes.js'
import { credentialsRoutes } from './features/credentials/routes.js'
import { defiRoutes } from './features/defi/routes.js'
import type { DevVaultDeployed } from './features/defi/service.js'
import { devRoutes } from './features/dev/routes.js'
import { instanceRoutes } from './features/instance/routes.js'
import { meRoutes } from './features/me/routes.js'
import { rpcRoutes } from './features/rpc/routes.js'
import { createLogger } from './logger.js'
import { openApiDocument } from './openapi/openApiDocument.js'
import { createSessions } from './sessions/sessions.js'

export interface CreateAppOptions {
  db: Kysely<Database>
  config: ApiConfig
  /** Defaults to a pino JSON logger on stdout. */
  logger?: Logger
  /** Defaults to the system clock; tests pass their own to expire challenges and sessions. */
  clock?: () => Date
  /** Dev mode: called with each vault `POST /api/dev/defi-vault` deployed (e.g. to add it to a relayer). */
  onDevVaultDeployed?: (vault: DevVaultDeployed) => void | Promise<void>
}

const MAX_BODY_BYTES = 256 * 1024
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Builds the HTTP API of one instance. Runtime-neutral (Web APIs only): `node.ts` serves it on
 * Node; a Worker adapter can serve the same app. Every error leaves as JSON `{ code, message }`.
 */
export function createApp(options: CreateAppOptions): Hono<AppEnv> {
  const { db, config } = options
  const logger = options.logger ?? createLogger()
  const clock = options.clock ?? (() => new Date())
  const deps: AppDeps = {
    db,
    config,
    logger,
    clock,
    sessions: createSessions(db, config, clock),
    onDevVaultDeployed: options.onDevVaultDeployed,
  }
  // The admin-set connection (instance_settings) wins over CANTON_* and applies without a restart.
  const cantonConnection = createCantonConnection(db, config.canton)
  const canton = cantonConnection.ledger
  // Without a participant the Canton routes behave as built without one (status says so, the rest 503).
  const withoutCanton = new Hono<AppEnv>()
    .route('/api/canton', cantonRoutes(deps, null))
    .route('/api/dev', devRoutes(deps, null))
    .notFound((c) => {
      throw new ApiError(404, 'NOT_FOUND', `No route ${c.req.method} ${c.req.path}`)
    })
    .onError((error) => {
      throw error
    })

  const app = new Hono<AppEnv>()

  // Request log: method, path (never the query), status, duration, user and error code. Never
  // bodies, headers, cookies or tokens.
  app.use(async (c, next) => {
    const started = performance.now()
    await next()
    const status = c.res.status
    const line = {
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      userId: c.get('logUserId'),
      code: c.get('logErrorCode'),
    }
    if (status >= 500) logger.error(line, 'request')
    else if (status >= 400) logger.warn(line, 'request')
    else logger.info(line, 'request')
  })

  app.use('/api/*', async (c, next) => {
    // Cross-site requests carrying an Origin other than ours are refused before any handler
    // runs (defence in depth beside SameSite=Strict cookies and JSON-only bodies).
    const origin = c.req.header('origin')
    if (UNSAFE_METHODS.has(c.req.method) && origin !== undefined && origin !== config.origin) {
      throw new ApiError(
        403,
        'ORIGIN_FORBIDDEN',
        `Requests from origin ${origin.slice(0, 100)} are not accepted`,
      )
    }
    await next()
    // API answers are per user and per moment: never cache them.
    c.header('Cache-Control', 'no-store')
  })

  const tooLarge = () => {
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The body exceeds ${MAX_BODY_BYTES} bytes`)
  }
  const streamingLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge })
  app.use('/api/*', (c, next) => {
    if (OWN_BODY_LIMIT_ROUTES.has(`${c.req.method} ${c.req.path}`)) return next()
    // A declared Content-Length is checked without touching the body: reading it as a stream (what
    // bodyLimit does) leaves @hono/node-server's fast path and cost about 8% of a login's CPU. The
    // HTTP parser never hands a handler more bytes than were declared.
    const length = c.req.header('content-length')
    if (length !== undefined && !c.req.header('transfer-encoding')) {
      return Number(length) > MAX_BODY_BYTES ? tooLarge() : next()
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    return streamingLimit(c, next)
  })

  app.route('/api', instanceRoutes(deps))
  app.route('/api/auth', authRoutes(deps))
  app.route('/api/me', meRoutes(deps))
  app.route('/api/me/credentials', credentialsRoutes(deps))
  app.route('/api/rpc', rpcRoutes(deps))
  const followCanton: MiddlewareHandler<AppEnv> = async (c, next) => {
    const { ledger } = await cantonConnection.current()
    return ledger ? next() : withoutCanton.fetch(c.req.raw, c.env)
  }
  app.use('/api/canton/*', followCanton)
  app.use('/api/dev/*', followCanton)
  app.route('/api/canton', cantonRoutes(deps, canton))
  app.route('/api/dev', devRoutes(deps, canton))
  app.route('/api/defi', defiRoutes(deps, cantonConnection))
  app.route('/api/admin', adminRoutes(deps, cantonConnection))
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(config.instanceName)))

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
      logger.error({ code, err: error, path: c.req.path }, 'request failed')
    }
    c.set('logErrorCode', code)
    c.header('Cache-Control', 'no-store')
    return c.json({ code, message }, status)
  })

  return app
}
