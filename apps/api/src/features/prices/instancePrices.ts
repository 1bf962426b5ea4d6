import { ChainsError } from '@stratos/chains'
import { createCoinGeckoProvider, createPriceCache, type PriceCache } from '@stratos/chains/prices'
import type { PriceQuote, PricesResponse } from '@stratos/schemas'
import type { AppDeps } from '../../context.js'
import { MAX_STALE_SECONDS, readPriceSettings, type StoredPriceSettings } from './priceSettings.js'

export interface InstancePrices {
  /** A quote per id in the instance's currency. Never throws for the provider: it says `unavailable`. */
  quotes(ids: readonly string[]): Promise<PricesResponse>
}

/**
 * The instance's prices in this process: the stored settings are read on every call (one
 * primary-key lookup, so every replica follows an admin's change at its next request), and the
 * provider and its cache are built again only when they changed. The cache lives in memory and is
 * shared by every user this process serves; each replica (each Worker isolate) has its own.
 */
export function createInstancePrices(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'logger'>,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): InstancePrices {
  let built: { text: string; settings: StoredPriceSettings; cache: PriceCache } | undefined

  async function current(): Promise<{ settings: StoredPriceSettings; cache: PriceCache } | undefined> {
    const stored = await readPriceSettings(deps.db, deps.config.instanceKey)
    if (!stored?.settings.enabled) return undefined
    if (built?.text !== stored.text) {
      const { settings } = stored
      const provider = createCoinGeckoProvider({
        baseUrl: settings.baseUrl,
        apiKey: settings.apiKey,
        apiKeyHeader: settings.apiKeyHeader,
        fetch: fetchFn,
      })
      const cache = createPriceCache({
        provider,
        currency: settings.currency,
        ttlMs: settings.ttlSeconds * 1000,
        maxStaleMs: MAX_STALE_SECONDS * 1000,
        clock: deps.clock,
        // The provider's words (its host and status, never the key, which goes in a header).
        onError: (error) =>
          deps.logger.warn(
            {
              code: error instanceof ChainsError ? error.code : 'PRICE_PROVIDER_FAILED',
              reason: error instanceof ChainsError ? error.shortMessage : String(error),
            },
            'price provider failed',
          ),
      })
      built = { text: stored.text, settings, cache }
    }
    return built
  }

  return {
    async quotes(ids) {
      const provider = await current()
      if (!provider) {
        const off: PriceQuote = { status: 'unavailable', reason: 'not_configured' }
        return { currency: null, prices: Object.fromEntries(ids.map((id) => [id, off])) }
      }
      const quotes = await provider.cache.get(ids)
      const prices: Record<string, PriceQuote> = {}
      for (const [id, quote] of quotes)
        prices[id] =
          quote.status === 'ok'
            ? { status: 'ok', price: quote.price, asOf: quote.fetchedAt.toISOString(), stale: quote.stale }
            : quote
      return { currency: provider.settings.currency, prices }
    },
  }
}
