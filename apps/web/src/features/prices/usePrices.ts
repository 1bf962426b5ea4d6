import { MAX_PRICE_IDS, type PriceQuote, type PricesResponse, routes } from '@stratos/schemas'
import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { callApi } from '../../lib/api'
import { formatHoldingsTotal, formatHoldingValue, type PricedHolding } from './valueHoldings'

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
    queryFn: async (): Promise<PricesResponse> => {
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
  const answer = query.data
  return {
    currency: answer?.currency ?? null,
    isLoading: query.isLoading,
    quoteOf: (id) => answer?.prices[id],
    formatValue: (holding) => formatHoldingValue(answer, holding),
    formatTotal: (holdings) => formatHoldingsTotal(answer, holdings),
  }
}
