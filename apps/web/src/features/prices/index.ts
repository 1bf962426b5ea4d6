/**
 * Prices beside balances: `usePrices(ids)` asks the API for the instance's prices and formats a
 * holding's value (or `unavailable`) and a portfolio total. The values come from
 * `fiatValue`/`formatFiatValue` of `@stratos/chains/prices`, the one place a balance meets a price.
 */
export { pricesKey, type UsePricesResult, usePrices } from './usePrices'
export { formatHoldingsTotal, formatHoldingValue, type PricedHolding } from './valueHoldings'
