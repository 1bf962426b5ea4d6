import { type LedgerRight, routes } from '@stratos/schemas'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { callApi } from '../../lib/api'

export const cantonNodeKey = ['admin', 'canton', 'node'] as const
export const cantonPartiesKey = ['admin', 'canton', 'parties'] as const
export const ledgerUsersKey = ['admin', 'canton', 'ledger-users'] as const

/** Parties and Ledger API users per page. */
export const NODE_PAGE_SIZE = 25

/** The participant's health (asked on each visit and on Refresh). */
export function useCantonNode(enabled: boolean) {
  return useQuery({
    queryKey: cantonNodeKey,
    queryFn: () => callApi(routes.adminCantonNode, {}),
    enabled,
  })
}

/** The participant's parties whose id starts with `prefix`, a participant page at a time. */
export function useCantonParties(prefix: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...cantonPartiesKey, prefix],
    queryFn: ({ pageParam }) =>
      callApi(routes.adminCantonParties, {
        query: { pageSize: NODE_PAGE_SIZE, pageToken: pageParam, prefix: prefix || undefined },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextPageToken ?? undefined,
    enabled,
  })
}

/** The participant's Ledger API users with their rights, a participant page at a time. */
export function useLedgerUsers(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ledgerUsersKey,
    queryFn: ({ pageParam }) =>
      callApi(routes.adminLedgerUsers, { query: { pageSize: NODE_PAGE_SIZE, pageToken: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextPageToken ?? undefined,
    enabled,
  })
}

/** Allocates a hosted party (a step-up first). */
export function allocateCantonParty(partyIdHint: string, displayName: string) {
  return callApi(routes.adminAllocateCantonParty, {
    body: { partyIdHint, ...(displayName ? { displayName } : {}) },
  })
}

/** Grants or revokes rights of a Ledger API user (a step-up first). */
export function changeLedgerRights(change: 'grant' | 'revoke', userId: string, rights: LedgerRight[]) {
  const input = { params: { userId }, body: { rights } }
  return change === 'grant'
    ? callApi(routes.adminGrantLedgerRights, input)
    : callApi(routes.adminRevokeLedgerRights, input)
}

/** How the console names each kind of right. */
export const RIGHT_LABEL: Record<LedgerRight['kind'], string> = {
  actAs: 'Act as',
  readAs: 'Read as',
  executeAs: 'Execute as',
  readAsAnyParty: 'Read as any party',
  executeAsAnyParty: 'Execute as any party',
  participantAdmin: 'Participant admin',
  identityProviderAdmin: 'Identity provider admin',
}

/** `hint::1220ab…cdef`: the hint and enough of the fingerprint to tell parties apart. */
export function shortParty(partyId: string): string {
  const [hint, fingerprint = ''] = partyId.split('::')
  return fingerprint.length > 14 ? `${hint}::${fingerprint.slice(0, 8)}…${fingerprint.slice(-4)}` : partyId
}
