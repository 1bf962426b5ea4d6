/**
 * Prices of assets for display: the `PriceProvider` interface, the built-in CoinGecko-compatible
 * provider, a TTL cache on an injected clock, and the one place a balance meets a price
 * (`fiatValue`, formatted by `formatFiatValue`). Isomorphic (fetch and Intl only). A stub of the
 * CoinGecko API for tests is `@stratos/chains/prices-stub` (Node).
 */
export {
  COINGECKO_IDS_PER_REQUEST,
  COINGECKO_KEY_HEADERS,
  type CoinGeckoKeyHeader,
  type CreateCoinGeckoProviderParameters,
  type CreateCoinGeckoProviderReturnType,
  createCoinGeckoProvider,
} from './createCoinGeckoProvider.js'
export {
  type CreatePriceCacheParameters,
  createPriceCache,
  DEFAULT_MAX_STALE_MS,
  type PriceCache,
  type PriceQuote,
} from './createPriceCache.js'
export { type FiatValue, fiatValue, sumFiatValues } from './fiatValue.js'
export { FIAT_UNAVAILABLE, type FormatFiatValueOptions, formatFiatValue } from './formatFiatValue.js'
export {
  PRICE_CURRENCY_PATTERN,
  PRICE_ID_PATTERN,
  PRICE_PATTERN,
  type Price,
  type PriceId,
  type PriceProvider,
} from './PriceProvider.js'
export { toPrice } from './toPrice.js'
