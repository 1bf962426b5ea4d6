import { afterEach, describe, expect, test } from 'vitest'
import { ChainsError } from '../ChainsError.js'
import { SIMPLE_PRICE_EXAMPLE } from './coinGeckoStub/fixtures.js'
import { type CoinGeckoStub, startCoinGeckoStub } from './coinGeckoStub/startCoinGeckoStub.js'
import { COINGECKO_IDS_PER_REQUEST, createCoinGeckoProvider } from './createCoinGeckoProvider.js'

const stubs: CoinGeckoStub[] = []
async function stub(options: Parameters<typeof startCoinGeckoStub>[0] = {}) {
  const started = await startCoinGeckoStub(options)
  stubs.push(started)
  return started
}
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.stop()))
})

/** A fetch that answers the documentation's recorded body as is (a boundary: no network). */
function recordedFetch(body: unknown): typeof fetch {
  return async () => Response.json(body)
}

describe('createCoinGeckoProvider', () => {
  test("behavior: parses the documentation's recorded /simple/price answer, extra fields and all", async () => {
    const provider = createCoinGeckoProvider({
      baseUrl: 'https://api.coingecko.com/api/v3',
      fetch: recordedFetch(SIMPLE_PRICE_EXAMPLE),
    })
    expect(await provider.getPrices(['bitcoin'], 'usd')).toEqual(new Map([['bitcoin', '67187.3358936566']]))
  })

  test('behavior: against the CoinGecko stub, prices come back as decimal strings; unknown ids are left out', async () => {
    const cg = await stub({
      prices: { bitcoin: { usd: 67187.3358936566 }, 'usd-coin': { usd: 0.999872 }, pepe: { usd: 1.23e-8 } },
    })
    const provider = createCoinGeckoProvider({ baseUrl: cg.baseUrl })
    const prices = await provider.getPrices(['bitcoin', 'usd-coin', 'pepe', 'no-such-coin'], 'usd')
    expect(prices).toEqual(
      new Map([
        ['bitcoin', '67187.3358936566'],
        ['usd-coin', '0.999872'],
        ['pepe', '0.0000000123'],
      ]),
    )
    expect(cg.requests).toEqual([
      {
        path: '/api/v3/simple/price',
        ids: ['bitcoin', 'usd-coin', 'pepe', 'no-such-coin'],
        vsCurrencies: 'usd',
        apiKey: undefined,
      },
    ])
  })

  test('behavior: a price no decimal string of 40 + 40 digits holds (1e-50, 1e45) or a non-number is no price', async () => {
    const provider = createCoinGeckoProvider({
      baseUrl: 'https://api.coingecko.com/api/v3',
      fetch: recordedFetch({
        tiny: { usd: 1e-50 },
        huge: { usd: 1e45 },
        text: { usd: '1.5' },
        ok: { usd: 2 },
      }),
    })
    expect(await provider.getPrices(['tiny', 'huge', 'text', 'ok'], 'usd')).toEqual(new Map([['ok', '2']]))
  })

  test('behavior: a currency the stub has no price in gives no price, not an error', async () => {
    const cg = await stub()
    const provider = createCoinGeckoProvider({ baseUrl: cg.baseUrl })
    expect(await provider.getPrices(['bitcoin'], 'eur')).toEqual(new Map())
  })

  test('behavior: ids go in batches of 50 to the CoinGecko stub, each id once', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `coin-${i}`)
    const cg = await stub({ prices: Object.fromEntries(ids.map((id, i) => [id, { usd: i + 1 }])) })
    const provider = createCoinGeckoProvider({ baseUrl: cg.baseUrl })
    const prices = await provider.getPrices([...ids, 'coin-0', 'coin-1'], 'usd')
    expect(prices.size).toBe(120)
    expect(prices.get('coin-119')).toBe('120')
    expect(cg.requests.map((r) => r.ids.length)).toEqual([
      COINGECKO_IDS_PER_REQUEST,
      COINGECKO_IDS_PER_REQUEST,
      20,
    ])
    expect(cg.requests.flatMap((r) => r.ids).sort()).toEqual([...ids].sort())
  })

  test('behavior: the key goes in the configured header (pro or demo), never in the URL', async () => {
    for (const apiKeyHeader of ['x-cg-pro-api-key', 'x-cg-demo-api-key'] as const) {
      const cg = await stub({ apiKey: 'CG-secret-key-1234', apiKeyHeader })
      const provider = createCoinGeckoProvider({
        baseUrl: cg.baseUrl,
        apiKey: 'CG-secret-key-1234',
        apiKeyHeader,
      })
      expect((await provider.getPrices(['bitcoin'], 'usd')).get('bitcoin')).toBe('67187.3358936566')
      expect(cg.requests[0]?.apiKey).toBe('CG-secret-key-1234')
      expect(cg.requests[0]?.path).not.toContain('secret')
    }
  })

  test('error: a key in the wrong header is refused by the CoinGecko stub: PRICE_PROVIDER_FAILED naming the key, never showing it', async () => {
    const cg = await stub({ apiKey: 'CG-secret-key-1234', apiKeyHeader: 'x-cg-pro-api-key' })
    const provider = createCoinGeckoProvider({ baseUrl: cg.baseUrl, apiKey: 'CG-secret-key-1234' })
    const error = await provider.getPrices(['bitcoin'], 'usd').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainsError)
    expect(error).toMatchObject({ code: 'PRICE_PROVIDER_FAILED' })
    expect((error as ChainsError).message).toMatch(
      /HTTP 401: API Key Missing.*check the API key and its header/,
    )
    expect(JSON.stringify(error) + String(error) + (error as Error).stack).not.toContain('CG-secret-key-1234')
  })

  test('error: a 429 from the CoinGecko stub is PRICE_RATE_LIMITED, with the wait it asks for', async () => {
    const cg = await stub()
    cg.setMode('rate-limited', 30)
    const provider = createCoinGeckoProvider({ baseUrl: cg.baseUrl })
    await expect(provider.getPrices(['bitcoin'], 'usd')).rejects.toMatchObject({
      code: 'PRICE_RATE_LIMITED',
      shortMessage: `The price provider at ${new URL(cg.baseUrl).host} refused: too many requests (its rate limit); it asks to wait 30 s.`,
    })
  })

  test('error: a 500 and an unreachable CoinGecko stub are PRICE_PROVIDER_FAILED', async () => {
    const cg = await stub()
    cg.setMode('error')
    const provider = createCoinGeckoProvider({ baseUrl: cg.baseUrl })
    await expect(provider.getPrices(['bitcoin'], 'usd')).rejects.toMatchObject({
      code: 'PRICE_PROVIDER_FAILED',
      shortMessage: expect.stringContaining('answered HTTP 500'),
    })
    await cg.stop()
    stubs.splice(stubs.indexOf(cg), 1)
    await expect(provider.getPrices(['bitcoin'], 'usd')).rejects.toMatchObject({
      code: 'PRICE_PROVIDER_FAILED',
      shortMessage: expect.stringContaining('could not be reached'),
    })
  })

  test('error: an answer that is not an object of prices is PRICE_PROVIDER_FAILED', async () => {
    const provider = createCoinGeckoProvider({
      baseUrl: 'https://api.coingecko.com/api/v3',
      fetch: recordedFetch(['usd']),
    })
    await expect(provider.getPrices(['bitcoin'], 'usd')).rejects.toMatchObject({
      code: 'PRICE_PROVIDER_FAILED',
    })
  })

  test('behavior: supportedCurrencies lists what the CoinGecko stub prices in', async () => {
    const cg = await stub({ apiKey: 'k-1', apiKeyHeader: 'x-cg-demo-api-key' })
    const provider = createCoinGeckoProvider({ baseUrl: `${cg.baseUrl}/`, apiKey: 'k-1' })
    expect(await provider.supportedCurrencies()).toContain('usd')
    expect(cg.requests[0]).toMatchObject({ path: '/api/v3/simple/supported_vs_currencies', apiKey: 'k-1' })
  })
})
