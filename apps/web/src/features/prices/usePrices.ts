import { fiatValue, formatFiatValue, sumFiatValues } from '@stratos/chains/prices'
import { MAX_PRICE_IDS, type PriceQuote, routes } from '@stratos/schemas'
import { useQuery } from '@tanstack/react-query'
import { useCallback, useMemo } from 'react'
import { callApi } from '../../lib/api'

/** A holding to value: its balance in base units, its decimals and its price id (none: no value). */
export interface PricedHolding {
  amount: bigint
  decimals: number
  priceId: string | null | undefined
}

export interface UsePricesResult {
  /** The instance's currency (`usd`), or null while loading, when prices are off or unreachable. */
  currency: string | null
  /** Still asking for the first time. */
  isLoading: boolean
  /** The quote of an id, when the API gave one. */
  quoteOf(id: string): PriceQuote | undefined
  /** A balance's value, formatted (`$1,234.57`), or `unavailable` (no price id, no price, prices off). */
  formatValue(holding: PricedHolding): string
  /** The sum of the holdings' values, formatted, and how many holdings had no price (left out of it). */
  formatTotal(holdings: readonly PricedHolding[]): { text: string; unpriced: number }
}

export const pricesKey = ['prices'] as const

/** How often the wallet asks again while a page is open; the API's cache answers in between. */
const REFRESH_MS = 60_000

/**
 * Prices of `ids` in the instance's currency, from `GET /api/prices` (the server's cache), with the
 * one way a balance becomes a fiat value: `fiatValue` (bigint base units times the price's
 * decimal, exact) formatted once by `formatFiatValue`. Without a price the value reads
 * `unavailable`; balances never wait for prices.
 */
export function usePrices(ids: readonly (string | null | undefined)[]): UsePricesResult {
  const wanted = useMemo(
    () => [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))].sort(),
    [ids],
  )
  const query = useQuery({
    queryKey: [...pricesKey, wanted],
    enabled: wanted.length > 0,
    staleTime: REFRESH_MS / 2,
    refetchInterval: REFRESH_MS,
    queryFn: async () => {
      const chunks: string[][] = []
      for (let i = 0; i < wanted.length; i += MAX_PRICE_IDS) chunks.push(wanted.slice(i, i + MAX_PRICE_IDS))
      const answers = await Promise.all(
        chunks.map((chunk) => callApi(routes.prices, { query: { ids: chunk.join(',') } })),
      )
      return {
        currency: answers[0]?.currency ?? null,
        prices: Object.assign({}, ...answers.map((answer) => answer.prices)) as Record<string, PriceQuote>,
      }
    },
  })
  const currency = query.data?.currency ?? null
  const prices = query.data?.prices

  const holdingValue = useCallback(
    ({ amount, decimals, priceId }: PricedHolding) => {
      const quote = priceId ? prices?.[priceId] : undefined
      return fiatValue(amount, decimals, quote?.status === 'ok' ? quote.price : null)
    },
    [prices],
  )

  return {
    currency,
    isLoading: query.isLoading,
    quoteOf: (id) => prices?.[id],
    formatValue: (holding) =>
      currency ? formatFiatValue(holdingValue(holding), currency) : formatFiatValue(null, ''),
    formatTotal: (holdings) => {
      if (!currency) return { text: formatFiatValue(null, ''), unpriced: holdings.length }
      const { total, unpriced } = sumFiatValues(holdings.map(holdingValue))
      return { text: formatFiatValue(total, currency), unpriced }
    },
  }
}
