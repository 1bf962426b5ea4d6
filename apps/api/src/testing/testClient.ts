import type { Hono } from 'hono'

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

  /**
   * `remoteAddress`: the peer address the app is told the requests come from (as `node.ts` tells
   * it); absent, the runtime "does not say".
   */
  constructor(
    private readonly app: Pick<Hono<never>, 'request'>,
    private readonly origin: string,
    private readonly remoteAddress?: string,
  ) {}

  async request<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse<T>> {
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
