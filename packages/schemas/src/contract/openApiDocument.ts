import { z } from 'zod'
import { ApiError } from '../error.js'
import { STEP_UP_HEADER } from '../stepUp.js'
import { type RouteDefinition, stepUpParam } from './defineRoute.js'

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  204: 'No content',
  302: 'Redirect: the browser goes on to the Location',
  400: 'Bad input: the message names the field or the failed check',
  401: 'Not signed in, or the passkey response did not verify',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with stored data',
  413: 'The body is too large',
  415: 'The body must be application/json (application/octet-stream for a DAR)',
  422: 'Well-formed, but the check against the chain failed (the endpoint serves another network, no such token, other decimals): the message names both sides',
  429: 'Too many requests (RATE_LIMITED names the limit; TOO_MANY_CHALLENGES: too many open passkey challenges); retry after Retry-After seconds',
  500: 'Internal error',
  502: 'The upstream (EVM node, network endpoint, Canton participant or token registry) failed',
  503: 'Not configured on this instance (e.g. CANTON_NOT_CONFIGURED), or the upstream is unreachable',
}

type JsonSchema = Record<string, unknown>

const RETRY_AFTER = {
  description: 'Seconds until the limit lets a request through again',
  schema: { type: 'integer', minimum: 1 },
}

function jsonSchema(schema: z.ZodType): JsonSchema {
  // `io: 'input'` documents what a client may send (defaults and transforms not applied yet).
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema
  return rest
}

/** `/api/me/credentials/:id` -> `/api/me/credentials/{id}` (a parameter's `{regex}` dropped) */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)(?:\{[^}]*\})?/g, '{$1}')
}

function parameters(route: RouteDefinition): JsonSchema[] {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string)
  const pathParams = names.map((name) => {
    const schema = route.params?.shape[name]
    return {
      name,
      in: 'path',
      required: true,
      schema: schema ? jsonSchema(schema as z.ZodType) : { type: 'string' },
    }
  })
  const queryParams = Object.entries(route.query?.shape ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema: jsonSchema(schema as z.ZodType),
  }))
  const stepUpHeader = route.stepUp
    ? [
        {
          name: STEP_UP_HEADER,
          in: 'header',
          required: true,
          description: `A step-up for '${route.stepUp}'${stepUpParam(route) ? ` with the path's ${stepUpParam(route)} as its target` : ''}: the StepUpProof (POST /api/step-up/options, then the passkey's answer) as base64url JSON. An operator (OIDC) sends none: a sign-in less than 5 minutes old stands in for it`,
          schema: { type: 'string' },
        },
      ]
    : []
  return [...pathParams, ...queryParams, ...stepUpHeader]
}

function requestBody(route: RouteDefinition): JsonSchema | undefined {
  const { body } = route
  if (!body) return undefined
  if ('mediaType' in body)
    return {
      required: true,
      description: `At most ${body.maxBytes} bytes`,
      content: { [body.mediaType]: { schema: { type: 'string', format: 'binary' } } },
    }
  return {
    required: !body.allowEmpty,
    ...(body.maxBytes === undefined ? {} : { description: `At most ${body.maxBytes} bytes` }),
    content: { 'application/json': { schema: jsonSchema(body.schema) } },
  }
}

function operationId(route: RouteDefinition): string {
  return `${route.method.toLowerCase()}${route.path
    .replace(/^\/api/, '')
    .replace(/:/g, '')
    .replace(/[/.](\w)/g, (_, ch: string) => ch.toUpperCase())}`
}

/**
 * The OpenAPI 3.0 document of `routes`: paths, parameters, request and response schemas (from the
 * zod contract), the error statuses of each route and who may call it.
 */
export function openApiDocument(
  routes: Readonly<Record<string, RouteDefinition>>,
  info: { title: string; version: string },
): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {}
  const list = Object.values(routes)
  for (const route of list) {
    const { status, schema } = route.response
    const responses: Record<string, unknown> = {
      [status]: schema
        ? {
            description: STATUS_TEXT[status],
            content: { 'application/json': { schema: jsonSchema(schema) } },
          }
        : status === 302
          ? {
              description: STATUS_TEXT[status],
              headers: { Location: { schema: { type: 'string', format: 'uri' } } },
            }
          : 'mediaTypes' in route.response
            ? {
                description: STATUS_TEXT[status],
                content: Object.fromEntries(
                  route.response.mediaTypes.map((type) => [
                    type,
                    { schema: { type: 'string', format: 'binary' } },
                  ]),
                ),
              }
            : { description: STATUS_TEXT[status] },
    }
    // Every wallet route refuses an operator session (403 OPERATOR_SESSION) in the same place.
    const implied = route.access === 'session' ? [403] : []
    for (const error of new Set([...route.errors, ...implied, 500])) {
      responses[error] = {
        description:
          error === 429 && route.rateLimit
            ? `${STATUS_TEXT[error]} (counts against the '${route.rateLimit}' limit, per client address and per account)`
            : STATUS_TEXT[error],
        ...(error === 429 ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
      }
    }
    const params = parameters(route)
    const body = requestBody(route)
    const path = openApiPath(route.path)
    paths[path] ??= {}
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: operationId(route),
      ...(route.access === 'public' ? { security: [] } : {}),
      ...(route.access === 'admin'
        ? { description: 'Requires the admin role, or an operator session (OIDC).' }
        : {}),
      ...(route.access === 'session'
        ? { description: 'Requires a wallet session; an operator session gets 403 OPERATOR_SESSION.' }
        : {}),
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(body ? { requestBody: body } : {}),
      responses,
    }
  }
  return {
    openapi: '3.0.3',
    info,
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    tags: [...new Set(list.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ApiError: jsonSchema(ApiError) },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sv_session' } },
    },
  }
}
