import { ChainsError } from '../ChainsError.js'
import { PRICE_PATTERN, type Price, type PriceId, type PriceProvider } from './PriceProvider.js'
import { toPrice } from './toPrice.js'

/** The two headers CoinGecko takes a key in: the paid plans' and the free Demo plan's. */
export const COINGECKO_KEY_HEADERS = ['x-cg-pro-api-key', 'x-cg-demo-api-key'] as const
export type CoinGeckoKeyHeader = (typeof COINGECKO_KEY_HEADERS)[number]

/** Ids per `/simple/price` request: the URL stays short whatever the ids (100 characters each at most). */
export const COINGECKO_IDS_PER_REQUEST = 50

export interface CreateCoinGeckoProviderParameters {
  /** The API base, before `/simple/price` (`https://api.coingecko.com/api/v3`, `https://pro-api.coingecko.com/api/v3`). */
  baseUrl: string
  /** Sent in `apiKeyHeader`; absent, requests go without a key (CoinGecko's keyless access). */
  apiKey?: string | undefined
  /** Default `x-cg-demo-api-key`. */
  apiKeyHeader?: CoinGeckoKeyHeader | undefined
  fetch?: typeof fetch | undefined
  /** How long one request may take; default 10 000 ms. */
  timeoutMs?: number | undefined
}

export type CreateCoinGeckoProviderReturnType = PriceProvider & {
  /**
   * The currencies the provider prices in (`GET /simple/supported_vs_currencies`): checks the URL
   * and the key answer before they are saved.
   */
  supportedCurrencies(): Promise<string[]>
}

/**
 * A `PriceProvider` for a CoinGecko-compatible HTTP API: `GET {baseUrl}/simple/price?ids=a,b&vs_currencies=usd`
 * (https://docs.coingecko.com/v3.0.1/reference/simple-price), ids in batches of
 * {@link COINGECKO_IDS_PER_REQUEST}, the key in a header (never in the URL, so no log of a URL
 * carries it). Isomorphic: fetch only.
 */
export function createCoinGeckoProvider({
  baseUrl,
  apiKey,
  apiKeyHeader = 'x-cg-demo-api-key',
  fetch: fetchFn = fetch,
  timeoutMs = 10_000,
}: CreateCoinGeckoProviderParameters): CreateCoinGeckoProviderReturnType {
  const base = baseUrl.replace(/\/+$/, '')
  const host = new URL(base).host
  const headers: Record<string, string> = { accept: 'application/json' }
  if (apiKey) headers[apiKeyHeader] = apiKey

  async function getJson(path: string): Promise<unknown> {
    let response: Response
    try {
      response = await fetchFn(`${base}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs) })
    } catch (error) {
      throw new ChainsError('PRICE_PROVIDER_FAILED', `The price provider at ${host} could not be reached.`, {
        details: error instanceof Error ? error.message : String(error),
        cause: error,
      })
    }
    if (response.status === 429) {
      const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'))
      await response.body?.cancel()
      throw new ChainsError(
        'PRICE_RATE_LIMITED',
        `The price provider at ${host} refused: too many requests (its rate limit)${
          retryAfterSeconds === undefined ? '' : `; it asks to wait ${retryAfterSeconds} s`
        }.`,
      )
    }
    if (!response.ok) {
      const said = await providerMessage(response, apiKey)
      throw new ChainsError(
        'PRICE_PROVIDER_FAILED',
        `The price provider at ${host} answered HTTP ${response.status}${said ? `: ${said}` : ''}${
          response.status === 401 || response.status === 403 ? ' (check the API key and its header)' : ''
        }.`,
      )
    }
    try {
      return await response.json()
    } catch (error) {
      throw new ChainsError('PRICE_PROVIDER_FAILED', `The price provider at ${host} did not answer JSON.`, {
        cause: error,
      })
    }
  }

  async function getBatch(ids: readonly PriceId[], currency: string): Promise<[PriceId, Price][]> {
    const query = new URLSearchParams({ ids: ids.join(','), vs_currencies: currency })
    const body = await getJson(`/simple/price?${query}`)
    if (!isRecord(body))
      throw new ChainsError(
        'PRICE_PROVIDER_FAILED',
        `The price provider at ${host} answered prices in an unknown shape.`,
      )
    const found: [PriceId, Price][] = []
    for (const id of ids) {
      const entry = body[id]
      // An unknown id is left out (or `{}`, for an unknown currency): no price, not an error. So is
      // a number no `Price` can hold (more than 40 digits either side of the point).
      const price = isRecord(entry) ? toPrice(entry[currency]) : undefined
      if (price !== undefined && PRICE_PATTERN.test(price)) found.push([id, price])
    }
    return found
  }

  return {
    async getPrices(ids, currency) {
      const unique = [...new Set(ids)]
      const batches: PriceId[][] = []
      for (let i = 0; i < unique.length; i += COINGECKO_IDS_PER_REQUEST)
        batches.push(unique.slice(i, i + COINGECKO_IDS_PER_REQUEST))
      const answers = await Promise.all(batches.map((batch) => getBatch(batch, currency)))
      return new Map(answers.flat())
    },
    async supportedCurrencies() {
      const body = await getJson('/simple/supported_vs_currencies')
      if (!Array.isArray(body) || !body.every((item) => typeof item === 'string'))
        throw new ChainsError(
          'PRICE_PROVIDER_FAILED',
          `The price provider at ${host} answered its currencies in an unknown shape.`,
        )
      return body
    },
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `Retry-After` in seconds (delta form only; an HTTP date is ignored). */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || !/^\d{1,6}$/.test(value.trim())) return undefined
  return Number(value.trim())
}

/**
 * CoinGecko's error text (`{"status":{"error_message":"…"}}` or `{"error":"…"}`), cut to 200
 * characters of printable text, with the key blanked out should a provider echo it back.
 */
async function providerMessage(response: Response, apiKey: string | undefined): Promise<string | undefined> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    return undefined
  }
  const status = isRecord(body) && isRecord(body.status) ? body.status : undefined
  const text = status?.error_message ?? (isRecord(body) ? body.error : undefined)
  if (typeof text !== 'string') return undefined
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
  return (apiKey ? printable.replaceAll(apiKey, '[API key]') : printable).slice(0, 200)
}
