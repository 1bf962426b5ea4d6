import type { z } from 'zod'
import type { StepUpAction } from '../stepUp.js'

/** The HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Who may call a route: anyone, a signed-in user, or a signed-in admin. */
export type RouteAccess = 'public' | 'session' | 'admin'

/** Error statuses a route may answer with (`{ code, message }`), besides 500. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503

/**
 * The rate limits a route can count against (per client address and per account; the numbers are
 * the instance's configuration): sign-in and registration, adding and removing passkeys, the EVM
 * JSON-RPC proxy, the proxies to the instance's networks, and preparing or executing Canton
 * transactions.
 */
export type RateLimitName = 'auth' | 'passkeys' | 'evmRpc' | 'chains' | 'canton'

/** A request body that is not JSON (a file): its media type and the largest size accepted. */
export interface RawBody {
  mediaType: 'application/octet-stream'
  maxBytes: number
}

/** A JSON request body: its schema, and whether an empty body counts as `{}`. */
export interface JsonBody<Schema extends z.ZodType = z.ZodType> {
  schema: Schema
  allowEmpty?: boolean
  /** The largest body accepted, when a route needs more than the app's JSON limit. */
  maxBytes?: number
}

/**
 * A response that is a file, not JSON: the handler returns a `Response` whose Content-Type is one
 * of `mediaTypes` (e.g. an export), streamed or whole.
 */
export interface FileResponse {
  readonly status: 200
  readonly schema: null
  readonly mediaTypes: readonly string[]
}

/** One route of the API: everything the server validates and the client relies on. */
export interface RouteDefinition {
  readonly method: HttpMethod
  /** Hono form: path parameters as `:name` (`/api/me/credentials/:id`). */
  readonly path: string
  readonly summary: string
  /** OpenAPI tag, one per feature. */
  readonly tag: string
  readonly access: RouteAccess
  /** The rate limit the route counts against; such a route lists 429 among its errors. */
  readonly rateLimit?: RateLimitName
  /**
   * The step-up the route needs (`Stratos-Step-Up` header): made for this action and, when the
   * path has a parameter, for its value as the target. Such a route lists 403 among its errors.
   */
  readonly stepUp?: StepUpAction
  /** Development helper: served only in dev mode (`stratos dev`). */
  readonly devOnly?: boolean
  readonly params?: z.ZodObject
  readonly query?: z.ZodObject
  readonly body?: JsonBody | RawBody
  /**
   * The success status and body schema: 200 with a JSON body, 204 without one, 200 with a file, or
   * 302 to the URL the handler returns (a browser navigation, e.g. to an identity provider).
   */
  readonly response:
    | { readonly status: 200; readonly schema: z.ZodType }
    | { readonly status: 204; readonly schema: null }
    | { readonly status: 302; readonly schema: null }
    | FileResponse
  readonly errors: readonly ErrorStatus[]
}

/**
 * Declares a route; the literal type is kept so clients and handlers are typed from it. A route
 * with a `rateLimit` must list 429 among its errors, one with a `stepUp` 403 (its clients must
 * expect them); a `stepUp` route has at most one path parameter (the step-up's target).
 */
export function defineRoute<const Route extends RouteDefinition>(route: Route): Route {
  if (route.rateLimit && !route.errors.includes(429))
    throw new TypeError(
      `${route.method} ${route.path} has rateLimit '${route.rateLimit}' but no 429 in its errors`,
    )
  if (route.stepUp && !route.errors.includes(403))
    throw new TypeError(`${route.method} ${route.path} has stepUp '${route.stepUp}' but no 403 in its errors`)
  if (route.stepUp && [...route.path.matchAll(/:\w+/g)].length > 1)
    throw new TypeError(`${route.method} ${route.path} has stepUp but more than one path parameter`)
  return route
}

/** The path parameter whose value is a `stepUp` route's target, or null when the path has none. */
export function stepUpParam(route: Pick<RouteDefinition, 'path'>): string | null {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string)
  return names.length === 1 ? names[0]! : null
}

type ParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never

/** Path parameters of a route: its `params` schema's output, else a string per `:name` in the path. */
export type RouteParams<Route extends RouteDefinition> = Route['params'] extends z.ZodObject
  ? z.output<Route['params']>
  : { [Name in ParamNames<Route['path']>]: string }

/** The query a route accepts (after validation). */
export type RouteQuery<Route extends RouteDefinition> = Route['query'] extends z.ZodObject
  ? z.output<Route['query']>
  : Record<string, never>

/** The request body after validation (JSON), or the bytes of a raw body. */
export type RouteBody<Route extends RouteDefinition> =
  Route['body'] extends JsonBody<infer Schema>
    ? z.output<Schema>
    : Route['body'] extends RawBody
      ? Uint8Array<ArrayBuffer>
      : undefined

/**
 * What a handler of the route returns: the response schema's input, the file's Response, the URL of
 * a 302, or nothing for 204.
 */
export type RouteResult<Route extends RouteDefinition> = Route['response'] extends FileResponse
  ? Response
  : Route['response']['schema'] extends z.ZodType
    ? z.input<Route['response']['schema']>
    : Route['response']['status'] extends 302
      ? string
      : // biome-ignore lint/suspicious/noConfusingVoidType: a 204 handler returns nothing (`async () => {}` returns Promise<void>)
        void

/** What a client of the route receives after checking the response: the schema's output. */
export type RouteResponse<Route extends RouteDefinition> = Route['response']['schema'] extends z.ZodType
  ? z.output<Route['response']['schema']>
  : undefined

/** What a client sends: path parameters, query and body, each only where the route has one. */
export type RouteRequest<Route extends RouteDefinition> = (ParamNames<Route['path']> extends never
  ? { params?: undefined }
  : { params: Route['params'] extends z.ZodObject ? z.input<Route['params']> : RouteParams<Route> }) &
  (Route['query'] extends z.ZodObject ? { query?: z.input<Route['query']> } : { query?: undefined }) &
  (Route['body'] extends JsonBody<infer Schema>
    ? Route['body']['allowEmpty'] extends true
      ? { body?: z.input<Schema> }
      : { body: z.input<Schema> }
    : Route['body'] extends RawBody
      ? { body: Blob }
      : { body?: undefined })

/** `path` with each `:name` (and its `{regex}`, if any) replaced by its URL-encoded value from `params`. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:(\w+)(?:\{[^}]*\})?/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new TypeError(`Missing path parameter "${name}" for ${path}`)
    return encodeURIComponent(value)
  })
}
