import { FIAT_UNAVAILABLE, fiatValue, formatFiatValue, sumFiatValues } from '@stratos/chains/prices'
import type { PricesResponse } from '@stratos/schemas'

/** A holding to value: its balance in base units, its decimals and its price id (none: no value). */
export interface PricedHolding {
  amount: bigint
  decimals: number
  priceId: string | null | undefined
}

/** The holding's value from the API's quotes: only an `ok` quote prices it (a stale one too). */
function holdingValue(
  prices: PricesResponse['prices'] | undefined,
  { amount, decimals, priceId }: PricedHolding,
) {
  const quote = priceId ? prices?.[priceId] : undefined
  return fiatValue(amount, decimals, quote?.status === 'ok' ? quote.price : null)
}

/** A holding's value, formatted (`$1,234.57`), or `unavailable` (no currency: prices off or not loaded). */
export function formatHoldingValue(
  answer: PricesResponse | undefined,
  holding: PricedHolding,
  locale?: string,
): string {
  if (!answer?.currency) return FIAT_UNAVAILABLE
  return formatFiatValue(holdingValue(answer.prices, holding), answer.currency, { locale })
}

/** The holdings' total, formatted, and how many of them had no price (left out of the total). */
export function formatHoldingsTotal(
  answer: PricesResponse | undefined,
  holdings: readonly PricedHolding[],
  locale?: string,
): { text: string; unpriced: number } {
  if (!answer?.currency) return { text: FIAT_UNAVAILABLE, unpriced: holdings.length }
  const { total, unpriced } = sumFiatValues(holdings.map((holding) => holdingValue(answer.prices, holding)))
  return { text: formatFiatValue(total, answer.currency, { locale }), unpriced }
}
