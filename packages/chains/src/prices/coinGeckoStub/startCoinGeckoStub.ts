import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  KEY_INVALID_BODY,
  KEY_MISSING_BODY,
  RATE_LIMITED_BODY,
  SIMPLE_PRICE_EXAMPLE,
  SUPPORTED_VS_CURRENCIES_EXAMPLE,
} from './fixtures.js'

export interface StartCoinGeckoStubOptions {
  /** Default: a free port on 127.0.0.1. */
  port?: number
  /** When set, every request must carry it in `apiKeyHeader`, else 401 as CoinGecko answers. */
  apiKey?: string
  /** Default `x-cg-demo-api-key`. */
  apiKeyHeader?: string
  /** id -> currency -> price; default the documentation's bitcoin/usd example. */
  prices?: Record<string, Record<string, number>>
}

/** One request the stub received: its path, its `ids` (split) and the key header's value. */
export interface CoinGeckoStubRequest {
  path: string
  ids: string[]
  vsCurrencies: string | null
  apiKey: string | undefined
}

export interface CoinGeckoStub {
  /** The API base as `createCoinGeckoProvider` takes it: `http://127.0.0.1:<port>/api/v3`. */
  baseUrl: string
  /** Every request so far, in order. */
  requests: CoinGeckoStubRequest[]
  /** Replaces the price of `id` in `currency`. */
  setPrice(id: string, currency: string, price: number): void
  /**
   * From now on answers like the real API in trouble: `rate-limited` (429, with `Retry-After`
   * when given), `error` (500), or `ok` again.
   */
  setMode(mode: 'ok' | 'rate-limited' | 'error', retryAfterSeconds?: number): void
  stop(): Promise<void>
}

/**
 * A STUB of the CoinGecko API v3 for tests (not CoinGecko): `GET /api/v3/simple/price` and
 * `GET /api/v3/simple/supported_vs_currencies` on 127.0.0.1, answering with the documented shapes
 * (`fixtures.ts`), checking the key header as CoinGecko does, and able to rate-limit or fail on
 * demand. Stricter than the real API: a missing `ids` or `vs_currencies` is a 400, and any other
 * path a 404.
 */
export async function startCoinGeckoStub(options: StartCoinGeckoStubOptions = {}): Promise<CoinGeckoStub> {
  const keyHeader = (options.apiKeyHeader ?? 'x-cg-demo-api-key').toLowerCase()
  const prices = new Map<string, Map<string, number>>()
  for (const [id, byCurrency] of Object.entries(
    options.prices ?? { bitcoin: { usd: SIMPLE_PRICE_EXAMPLE.bitcoin.usd } },
  ))
    prices.set(id, new Map(Object.entries(byCurrency)))
  const requests: CoinGeckoStubRequest[] = []
  let mode: 'ok' | 'rate-limited' | 'error' = 'ok'
  let retryAfter: number | undefined

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    res.end(JSON.stringify(body))
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const key = req.headers[keyHeader]
    const ids = url.searchParams.get('ids')
    requests.push({
      path: url.pathname,
      ids: ids ? ids.split(',') : [],
      vsCurrencies: url.searchParams.get('vs_currencies'),
      apiKey: typeof key === 'string' ? key : undefined,
    })
    if (req.method !== 'GET') return send(res, 405, { error: 'Method not allowed' })
    if (options.apiKey !== undefined) {
      if (key === undefined) return send(res, 401, KEY_MISSING_BODY)
      if (key !== options.apiKey) return send(res, 401, KEY_INVALID_BODY)
    }
    if (mode === 'rate-limited')
      return send(
        res,
        429,
        RATE_LIMITED_BODY,
        retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
      )
    if (mode === 'error') return send(res, 500, { error: 'Internal server error' })
    if (url.pathname === '/api/v3/simple/supported_vs_currencies')
      return send(res, 200, SUPPORTED_VS_CURRENCIES_EXAMPLE)
    if (url.pathname !== '/api/v3/simple/price') return send(res, 404, { error: 'Not found' })
    const currencies = url.searchParams.get('vs_currencies')
    if (!ids) return send(res, 400, { error: 'Missing parameter ids' })
    if (!currencies) return send(res, 400, { error: 'Missing parameter vs_currencies' })
    const body: Record<string, Record<string, number>> = {}
    for (const id of ids.split(',')) {
      const known = prices.get(id)
      if (!known) continue
      body[id] = Object.fromEntries(
        currencies.split(',').flatMap((currency) => {
          const price = known.get(currency)
          return price === undefined ? [] : [[currency, price]]
        }),
      )
    }
    send(res, 200, body)
  }

  const server = createServer(handle)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v3`,
    requests,
    setPrice(id, currency, price) {
      const known = prices.get(id) ?? new Map<string, number>()
      known.set(currency, price)
      prices.set(id, known)
    },
    setMode(next, retryAfterSeconds) {
      mode = next
      retryAfter = retryAfterSeconds
    },
    stop() {
      return new Promise((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      })
    },
  }
}
