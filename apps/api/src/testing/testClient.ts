import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server'
import {
  encodeStepUpHeader,
  type RouteDefinition,
  routes,
  STEP_UP_HEADER,
  stepUpParam,
} from '@stratos/schemas'
import type { Hono } from 'hono'
import type { SoftAuthenticator } from './softAuthenticator.js'

/** Response bodies as tests read them: any JSON, narrowed by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test client; each test asserts the shape it reads
type Json = any

export interface TestResponse<T = Json> {
  status: number
  headers: Headers
  /** Parsed JSON, or null for an empty body. */
  body: T
  /** The raw body text. */
  text: string
}

/**
 * Drives the app in process like a browser would: JSON bodies, same-origin `Origin` header, and
 * a cookie jar. Every response is kept (`transcript`) so tests can scan what left the server.
 */
export class TestClient {
  readonly cookies = new Map<string, string>()
  readonly transcript: string[] = []
  private confirmer: Pick<SoftAuthenticator, 'authenticate'> | null = null

  /**
   * `remoteAddress`: the peer address the app is told the requests come from (as `node.ts` tells
   * it); absent, the runtime "does not say".
   */
  constructor(
    private readonly app: Pick<Hono<never>, 'request'>,
    private readonly origin: string,
    private readonly remoteAddress?: string,
  ) {}

  /**
   * Answers the step-up of every request to a route whose contract declares one, with
   * `authenticator` (as the person at this browser confirms with their passkey): step-up options
   * for the route's action and target, the assertion sent in the `Stratos-Step-Up` header (without
   * a session there is none to make: the request goes without). A request that sets that header
   * itself is sent as it is. `null` stops answering.
   */
  confirmWith(authenticator: Pick<SoftAuthenticator, 'authenticate'> | null): this {
    this.confirmer = authenticator
    return this
  }

  async request<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse<T>> {
    const stepUp = Object.keys(headers).some((name) => name.toLowerCase() === STEP_UP_HEADER.toLowerCase())
      ? undefined
      : stepUpScopeOf(method, path)
    const proof = this.confirmer && stepUp ? await this.stepUp(stepUp) : undefined
    if (proof) headers = { ...headers, [STEP_UP_HEADER]: proof }
    const init: RequestInit = {
      method,
      headers: {
        origin: this.origin,
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? {
            body:
              typeof body === 'string' || body instanceof Uint8Array
                ? (body as string | Uint8Array<ArrayBuffer>)
                : JSON.stringify(body),
          }
        : {}),
    }
    const response = await this.app.request(
      `${this.origin}${path}`,
      init,
      this.remoteAddress === undefined ? undefined : { remoteAddress: this.remoteAddress },
    )
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const [name, value = ''] = pair!.split('=')
      const expired = attributes.some(
        (a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a),
      )
      if (expired || value === '') this.cookies.delete(name!.trim())
      else this.cookies.set(name!.trim(), value)
    }
    const text = await response.text()
    this.transcript.push(
      `${response.status} ${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${text}`,
    )
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null, text }
  }

  /** The header value of a step-up for `scope`; undefined when no step-up can be had (no session). */
  private async stepUp(scope: { action: string; target?: string }): Promise<string | undefined> {
    const options = await this.post('/api/step-up/options', scope)
    if (options.status !== 200) return undefined
    const response = await this.confirmer!.authenticate(
      options.body.options as PublicKeyCredentialRequestOptionsJSON,
    )
    return encodeStepUpHeader({
      challengeId: options.body.challengeId,
      response: response as Parameters<typeof encodeStepUpHeader>[0]['response'],
    })
  }

  /** POSTs raw bytes (e.g. a DAR) with the given Content-Type. */
  postBytes<T = Json>(path: string, bytes: Uint8Array, contentType = 'application/octet-stream') {
    return this.request<T>('POST', path, bytes, { 'content-type': contentType })
  }

  get<T = Json>(path: string) {
    return this.request<T>('GET', path)
  }

  post<T = Json>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body)
  }

  put<T = Json>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body)
  }

  delete<T = Json>(path: string) {
    return this.request<T>('DELETE', path)
  }
}

const stepUpRoutes = Object.values(routes as Record<string, RouteDefinition>)
  .filter((route) => route.stepUp)
  .map((route) => ({
    route,
    pattern: new RegExp(`^${route.path.replace(/:\w+/g, '([^/]+)')}$`),
  }))

/** The step-up a request to `method path` needs by its route's contract, if any. */
function stepUpScopeOf(method: string, path: string): { action: string; target?: string } | undefined {
  const pathname = path.split('?')[0]!
  for (const { route, pattern } of stepUpRoutes) {
    const match = route.method === method.toUpperCase() ? pattern.exec(pathname) : null
    if (!match) continue
    return stepUpParam(route) === null
      ? { action: route.stepUp! }
      : { action: route.stepUp!, target: decodeURIComponent(match[1]!) }
  }
  return undefined
}
