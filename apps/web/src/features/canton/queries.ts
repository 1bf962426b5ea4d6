import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { useSession } from '../../lib/session'

export const cantonStatusKey = ['canton', 'status'] as const
export const cantonHoldingsKey = ['canton', 'holdings'] as const
export const cantonInstructionsKey = ['canton', 'instructions'] as const
export const cantonHistoryKey = ['canton', 'history'] as const

/** Polling keeps incoming transfers and balances current without a reload. */
const POLL_MS = 3_000

/** Whether Canton is configured, the user's party and the instrument. */
export function useCantonStatus() {
  const { me } = useSession()
  return useQuery({ queryKey: cantonStatusKey, queryFn: api.canton.status, enabled: me !== null })
}

export function useCantonHoldings(enabled: boolean) {
  return useQuery({
    queryKey: cantonHoldingsKey,
    queryFn: api.canton.holdings,
    enabled,
    refetchInterval: POLL_MS,
  })
}

export function useCantonInstructions(enabled: boolean) {
  return useQuery({
    queryKey: cantonInstructionsKey,
    queryFn: api.canton.instructions,
    enabled,
    refetchInterval: POLL_MS,
  })
}

/** Items per history page. */
export const HISTORY_PAGE_SIZE = 20

/**
 * The party's history, newest first, a page at a time ("Load more" asks for offsets before the
 * last one). Polled while shown, so the other party's accept or reject appears without a reload.
 */
export function useCantonHistory(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: cantonHistoryKey,
    queryFn: ({ pageParam }) => api.canton.history({ before: pageParam, limit: HISTORY_PAGE_SIZE }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    enabled,
    refetchInterval: POLL_MS,
  })
}
