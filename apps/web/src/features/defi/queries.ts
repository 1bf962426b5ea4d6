import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'

export const defiStatusKey = ['defi', 'status'] as const

/** While an intent waits for the relayer, its outcome and the vault's balances are polled. */
const PENDING_POLL_MS = 2_000

/** The user's vault (with balances read from its chain) and intents, newest first. */
export function useDefiStatus(enabled: boolean) {
  return useQuery({
    queryKey: defiStatusKey,
    queryFn: api.defi.status,
    enabled,
    refetchInterval: (query) =>
      query.state.data?.intents.some((intent) => intent.status === 'pending') ? PENDING_POLL_MS : false,
  })
}
