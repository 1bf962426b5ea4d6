/**
 * A price of one unit of an asset in a currency, as a plain decimal string (`"67187.34"`,
 * `"0.00000123"`): a display value, never mixed into base-unit amounts. `fiatValue` turns a
 * balance and a price into a value with bigint arithmetic; nothing here uses a float after parsing.
 */
export type Price = string

/** An asset's id at the provider (a CoinGecko coin id: `bitcoin`, `usd-coin`, `avalanche-2`). */
export type PriceId = string

/** What a price source answers: a price for each id it knows, in `currency`. */
export interface PriceProvider {
  /**
   * The prices of `ids` in `currency` (lower case, `usd`). An id the provider has no price for
   * is absent from the map. Throws a `ChainsError` (`PRICE_PROVIDER_FAILED`, `PRICE_RATE_LIMITED`)
   * when the provider does not answer with prices; never a partial answer for a failed batch.
   */
  getPrices(ids: readonly PriceId[], currency: string): Promise<Map<PriceId, Price>>
}

/** A price id: lower-case letters, digits, `-`, `_` and `.`, 1 to 100 characters (no comma: it separates ids). */
export const PRICE_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/

/** A currency code as CoinGecko's `vs_currencies` takes it: three lower-case letters (`usd`, `eur`, `btc`). */
export const PRICE_CURRENCY_PATTERN = /^[a-z]{3}$/

/** A price as `Price` holds it: digits, optionally a point and more digits. */
export const PRICE_PATTERN = /^\d{1,40}(\.\d{1,40})?$/
