import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'

export const recoveryKey = ['recovery'] as const
export const guardianRequestsKey = ['recovery', 'guardian-requests'] as const

/**
 * The signed-in user's recovery overview. Polled, so a recovery started from another device shows
 * on every open session within half a minute.
 */
export function useRecoveryOverview() {
  return useQuery({ queryKey: recoveryKey, queryFn: api.recovery.overview, refetchInterval: 30_000 })
}

/** Recoveries the user is asked to approve as a guardian. */
export function useGuardianRequests() {
  return useQuery({
    queryKey: guardianRequestsKey,
    queryFn: api.recovery.guardianRequests,
    refetchInterval: 30_000,
  })
}
