import type {
  RawBody,
  RouteBody,
  RouteDefinition,
  RouteParams,
  RouteQuery,
  RouteResult,
} from '@stratos/schemas'
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppDeps, AppEnv } from '../context.js'
import { ApiError } from '../errors.js'
import { checkRouteStepUp } from '../stepUp/routeStepUp.js'
import { jsonProblem } from './inspectJson.js'
import { enforceRateLimit } from './rateLimit.js'
import { describeIssues, readJsonBody } from './readJsonBody.js'
import { requireAdmin } from './requireAdmin.js'
import { requireSession } from './requireSession.js'
import { isServed } from './servedRoutes.js'

/** A route's validated input. */
export interface RouteInput<Route extends RouteDefinition> {
  params: RouteParams<Route>
  query: RouteQuery<Route>
  body: RouteBody<Route>
}

/** Serves one route: gets the validated input, returns the response body of the contract. */
export type RouteHandler<Route extends RouteDefinition> = (
  c: Context<AppEnv>,
  input: RouteInput<Route>,
) => RouteResult<Route> | Promise<RouteResult<Route>>

export interface HandleOptions<Route extends RouteDefinition = RouteDefinition> {
  /** Runs on the parsed JSON before schema validation (e.g. to refuse PRF output with its own code). */
  inspectBody?: (body: unknown) => void
  /**
   * The account a public route's request counts against for its `rateLimit` (e.g. the passkey a
   * sign-in tries), read from the validated input. Routes behind a session count the session's user.
   */
  rateLimitAccount?: (input: RouteInput<Route>) => string | undefined
}

/** A feature's router: routes are added by their contract (`@stratos/schemas` `routes`). */
export interface Router {
  readonly app: Hono<AppEnv>
  handle<Route extends RouteDefinition>(
    route: Route,
    handler: RouteHandler<Route>,
    options?: HandleOptions<Route>,
  ): void
}

/**
 * A router whose routes are served exactly as their contract says: the access check (session,
 * admin role), the path, query and body validated (400 naming each field), and the response sent
 * with the contract's status (a redirect: to the URL the handler returns). A route with a
 * `rateLimit` counts each request per client address (before anything else) and per account (the
 * session's user or operator once known, or what `rateLimitAccount` names), answering 429
 * RATE_LIMITED over the limit. A route with a `stepUp` runs its handler only after the step-up
 * checks out (`checkRouteStepUp`), once its input is valid. With `deps.checkResponses` a response body that does not match its
 * schema is a 500 RESPONSE_CONTRACT_VIOLATION instead of a drifted answer. Dev-only routes exist
 * only in dev mode.
 */
export function createRouter(
  deps: Pick<
    AppDeps,
    'db' | 'clock' | 'sessions' | 'operatorSessions' | 'config' | 'checkResponses' | 'rateLimiter'
  >,
): Router {
  const app = new Hono<AppEnv>()
  return {
    app,
    handle(route, handler, options = {}) {
      if (!isServed(route, deps.config.devMode)) return
      const middleware: MiddlewareHandler<AppEnv>[] = []
      const limit = route.rateLimit
      // Per address first: a flood is refused before its sessions or bodies are looked at. Without
      // a known address (a runtime that does not say) only the per-account limit applies.
      if (limit)
        middleware.push(async (c, next) => {
          const ip = c.get('clientIp')
          if (ip !== undefined) await enforceRateLimit(c, deps.rateLimiter, limit, 'ip', ip)
          await next()
        })
      // Wallet routes admit wallet sessions only; admin routes an admin user or an OIDC operator.
      if (route.access === 'session') middleware.push(requireSession(deps))
      if (route.access === 'admin') middleware.push(requireAdmin(deps))
      if (limit && route.access !== 'public')
        middleware.push(async (c, next) => {
          // The signed-in user's id, or `operator:<id>` (set by requireSession / requireAdmin).
          await enforceRateLimit(c, deps.rateLimiter, limit, 'account', c.get('logUserId'))
          await next()
        })
      if (route.body && 'mediaType' in route.body) middleware.push(rawBodyLimit(route.body))
      app.on([route.method], [route.path], ...middleware, async (c) => {
        const input = {
          params: parse(route.params, c.req.param(), 'INVALID_PATH'),
          query: parse(route.query, c.req.query(), 'INVALID_QUERY'),
          body: await readBody(route, c, options),
        } as RouteInput<typeof route>
        const account = limit && options.rateLimitAccount?.(input)
        if (limit && account) await enforceRateLimit(c, deps.rateLimiter, limit, 'account', account)
        await checkRouteStepUp(deps, c, route, input.params as Record<string, unknown>)
        const result = await handler(c, input)
        if (route.response.status === 302) return c.redirect(String(result), 302)
        if ('mediaTypes' in route.response) return result as Response
        const { schema } = route.response
        if (schema === null) return c.body(null, 204)
        if (deps.checkResponses) {
          const checked = schema.safeParse(result)
          if (!checked.success)
            throw new ApiError(
              500,
              'RESPONSE_CONTRACT_VIOLATION',
              `${route.method} ${route.path} answered a body its contract does not allow: ${describeIssues(checked.error)}`,
            )
        }
        return c.body(JSON.stringify(result), 200, { 'Content-Type': 'application/json' })
      })
    },
  }
}

interface Parser {
  safeParse(
    value: unknown,
  ): { success: true; data: unknown } | { success: false; error: Parameters<typeof describeIssues>[0] }
}

function parse(schema: Parser | undefined, value: unknown, code: string): unknown {
  const problem = jsonProblem(value)
  if (problem) throw new ApiError(400, code, problem)
  if (!schema) return value
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new ApiError(400, code, describeIssues(result.error))
}

async function readBody(
  route: RouteDefinition,
  c: Context<AppEnv>,
  options: HandleOptions,
): Promise<unknown> {
  const { body } = route
  if (!body) return undefined
  if ('mediaType' in body) {
    if (!new RegExp(`^${body.mediaType}\\s*(;|$)`, 'i').test(c.req.header('content-type') ?? ''))
      throw new ApiError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `Send the file as the body with Content-Type: ${body.mediaType}`,
      )
    const bytes = new Uint8Array(await c.req.arrayBuffer())
    if (bytes.byteLength === 0) throw new ApiError(400, 'INVALID_BODY', 'The body is empty: send the file')
    return bytes
  }
  const json = await readJsonBody(c, { allowEmpty: body.allowEmpty ?? false })
  options.inspectBody?.(json)
  return parse(body.schema, json, 'INVALID_BODY')
}

function rawBodyLimit(body: RawBody): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: body.maxBytes,
    onError: () => {
      throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The body may be at most ${body.maxBytes} bytes`)
    },
  })
}
