import { ChainsError } from '../ChainsError.js'

export interface TronHttp {
  /** POSTs JSON to a java-tron `/wallet/*` path and returns the parsed body. */
  post<T = Record<string, unknown>>(path: string, body: object): Promise<T>
  /** GETs a TronGrid `/v1/*` path with a query and returns the parsed body. */
  get<T = Record<string, unknown>>(path: string, query: Record<string, string | undefined>): Promise<T>
}

/** JSON over HTTP to `${endpoint}${path}`; a network failure or a non-JSON answer is `RPC_ERROR`. */
export function tronHttp(endpoint: string, fetchFn: typeof fetch = globalThis.fetch): TronHttp {
  const base = endpoint.replace(/\/+$/, '')
  async function send<T>(path: string, init: RequestInit): Promise<T> {
    let response: Response
    try {
      response = await fetchFn(`${base}${path}`, init)
    } catch (cause) {
      throw new ChainsError('RPC_ERROR', 'The TRON node did not answer.', { details: path, cause })
    }
    const text = await response.text()
    if (!response.ok)
      throw new ChainsError('RPC_ERROR', `The TRON node answered ${response.status}.`, {
        details: `${path}: ${text.slice(0, 300)}`,
      })
    try {
      return JSON.parse(text) as T
    } catch (cause) {
      throw new ChainsError('RPC_ERROR', 'The TRON node answered something that is not JSON.', {
        details: `${path}: ${text.slice(0, 300)}`,
        cause,
      })
    }
  }
  return {
    post: (path, body) =>
      send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    get: (path, query) => {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v)
      const qs = params.toString()
      return send(qs ? `${path}?${qs}` : path, { method: 'GET' })
    },
  }
}

/**
 * java-tron's servlet error (`{"Error": "class …Exception : message"}`), message only; undefined
 * when the body is not one.
 */
export function servletError(body: unknown): string | undefined {
  const error = (body as { Error?: unknown } | null)?.Error
  if (typeof error !== 'string') return undefined
  return error.replace(/^class [\w.$]+ : /, '')
}

/**
 * A `bytes` message field as text: java-tron prints it as UTF-8 with `visible: true` and as hex
 * of the UTF-8 without (broadcasttransaction's `message`, `resMessage`).
 */
export function messageText(message: unknown): string {
  if (typeof message !== 'string') return ''
  if (/^([0-9a-fA-F]{2})+$/.test(message)) {
    const bytes = new Uint8Array(message.length / 2)
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(message.slice(i * 2, i * 2 + 2), 16)
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
    // Hex that decodes to printable text was hex; anything else was already text.
    if (/^[\x20-\x7e]+$/.test(text)) return text
  }
  return message
}
