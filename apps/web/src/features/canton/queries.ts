import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { useSession } from '../../lib/session'

export const cantonStatusKey = ['canton', 'status'] as const
export const cantonHoldingsKey = ['canton', 'holdings'] as const
export const cantonInstructionsKey = ['canton', 'instructions'] as const

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
