import { afterEach, describe, expect, test } from 'vitest'
import { type CoinGeckoStub, startCoinGeckoStub } from './coinGeckoStub/startCoinGeckoStub.js'
import { createCoinGeckoProvider } from './createCoinGeckoProvider.js'
import { createPriceCache, DEFAULT_MAX_STALE_MS } from './createPriceCache.js'

const TTL_MS = 60_000
let stub: CoinGeckoStub | undefined
afterEach(async () => {
  await stub?.stop()
  stub = undefined
})

/** A cache over the CoinGecko stub with a clock the test moves (nothing sleeps). */
async function setup() {
  stub = await startCoinGeckoStub({ prices: { bitcoin: { usd: 67000 }, ethereum: { usd: 3500.5 } } })
  let now = Date.parse('2026-12-03T12:00:00Z')
  const errors: unknown[] = []
  const cache = createPriceCache({
    provider: createCoinGeckoProvider({ baseUrl: stub.baseUrl }),
    currency: 'usd',
    ttlMs: TTL_MS,
    clock: () => new Date(now),
    onError: (error) => errors.push(error),
  })
  return {
    stub,
    cache,
    errors,
    advance(ms: number) {
      now += ms
    },
    at: (ms = 0) => new Date(Date.parse('2026-12-03T12:00:00Z') + ms),
  }
}

describe('createPriceCache', () => {
  test('behavior: within the TTL the cached price is served without asking the CoinGecko stub again', async () => {
    const { stub, cache, advance, at } = await setup()
    const first = await cache.get(['bitcoin', 'ethereum'])
    expect(first.get('bitcoin')).toEqual({ status: 'ok', price: '67000', fetchedAt: at(), stale: false })
    expect(first.get('ethereum')).toMatchObject({ status: 'ok', price: '3500.5' })
    stub.setPrice('bitcoin', 'usd', 68000)
    advance(TTL_MS - 1)
    expect((await cache.get(['bitcoin'])).get('bitcoin')).toMatchObject({ price: '67000', stale: false })
    expect(stub.requests).toHaveLength(1)
  })

  test('behavior: after the TTL it fetches again, only the ids due, in one batch', async () => {
    const { stub, cache, advance, at } = await setup()
    await cache.get(['bitcoin'])
    advance(TTL_MS / 2)
    await cache.get(['ethereum'])
    stub.setPrice('bitcoin', 'usd', 68000)
    advance(TTL_MS / 2)
    const quotes = await cache.get(['bitcoin', 'ethereum'])
    expect(quotes.get('bitcoin')).toEqual({
      status: 'ok',
      price: '68000',
      fetchedAt: at(TTL_MS),
      stale: false,
    })
    expect(quotes.get('ethereum')).toMatchObject({ price: '3500.5', fetchedAt: at(TTL_MS / 2) })
    expect(stub.requests.map((r) => r.ids)).toEqual([['bitcoin'], ['ethereum'], ['bitcoin']])
  })

  test('behavior: callers asking at once share one request', async () => {
    const { stub, cache } = await setup()
    const [a, b] = await Promise.all([cache.get(['bitcoin', 'ethereum']), cache.get(['ethereum', 'bitcoin'])])
    expect(a).toEqual(b)
    expect(stub.requests).toHaveLength(1)
  })

  test('behavior: an id the provider has no price for is unavailable (unknown), and not asked again within the TTL', async () => {
    const { stub, cache } = await setup()
    expect((await cache.get(['no-such-coin'])).get('no-such-coin')).toEqual({
      status: 'unavailable',
      reason: 'unknown',
    })
    await cache.get(['no-such-coin'])
    expect(stub.requests).toHaveLength(1)
  })

  test('behavior: while the CoinGecko stub fails, the last price is served stale up to TTL + max-stale, then unavailable', async () => {
    const { stub, cache, errors, advance, at } = await setup()
    await cache.get(['bitcoin'])
    stub.setMode('error')
    advance(TTL_MS)
    expect((await cache.get(['bitcoin'])).get('bitcoin')).toEqual({
      status: 'ok',
      price: '67000',
      fetchedAt: at(),
      stale: true,
    })
    expect(errors).toHaveLength(1)
    advance(DEFAULT_MAX_STALE_MS - 1)
    expect((await cache.get(['bitcoin'])).get('bitcoin')).toMatchObject({ status: 'ok', stale: true })
    advance(1)
    expect((await cache.get(['bitcoin'])).get('bitcoin')).toEqual({
      status: 'unavailable',
      reason: 'provider_failed',
    })
    // A price never fetched is unavailable at once.
    expect((await cache.get(['ethereum'])).get('ethereum')).toEqual({
      status: 'unavailable',
      reason: 'provider_failed',
    })
  })

  test('behavior: after a failure (a 429 here) the CoinGecko stub is left alone for the backoff, then asked again', async () => {
    const { stub, cache, advance } = await setup()
    stub.setMode('rate-limited', 30)
    expect((await cache.get(['bitcoin'])).get('bitcoin')).toEqual({
      status: 'unavailable',
      reason: 'provider_failed',
    })
    advance(29_999)
    await cache.get(['bitcoin'])
    expect(stub.requests).toHaveLength(1)
    stub.setMode('ok')
    advance(1)
    expect((await cache.get(['bitcoin'])).get('bitcoin')).toMatchObject({ status: 'ok', price: '67000' })
    expect(stub.requests).toHaveLength(2)
  })

  test('behavior: the cache holds at most maxEntries ids, dropping the oldest', async () => {
    stub = await startCoinGeckoStub({ prices: { a: { usd: 1 }, b: { usd: 2 }, c: { usd: 3 } } })
    const cache = createPriceCache({
      provider: createCoinGeckoProvider({ baseUrl: stub.baseUrl }),
      currency: 'usd',
      ttlMs: TTL_MS,
      maxEntries: 2,
      clock: () => new Date(0),
    })
    await cache.get(['a'])
    await cache.get(['b', 'c'])
    await cache.get(['b', 'c'])
    expect(stub.requests).toHaveLength(2)
    await cache.get(['a'])
    expect(stub.requests.map((r) => r.ids)).toEqual([['a'], ['b', 'c'], ['a']])
  })
})
