import type { Balances, HistoryPage } from '@stratos/chains'
import { routes } from '@stratos/schemas'
import { queryOptions, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import { callApi } from '../../lib/api'
import { chainAdapterFor } from './chainAdapter'
import type { WalletNetwork } from './network'

/** Query key of one account's balances on one network, for invalidation after a send or a drip. */
export function balancesKey(networkId: string, address: string | null) {
  return ['wallet', 'balances', networkId, address] as const
}

export function historyKey(networkId: string, address: string | null) {
  return ['wallet', 'history', networkId, address] as const
}

/** The balances query of `address` on `network`: one definition for a card and for the portfolio total. */
export function balancesQuery(network: WalletNetwork, address: string | null) {
  return queryOptions<Balances>({
    queryKey: balancesKey(network.id, address),
    queryFn: async () => (await chainAdapterFor(network)).getBalances(address!, network.tokens),
    enabled: address !== null,
    refetchInterval: 15_000,
  })
}

/** Native and token balances of `address` on `network`, refreshed every 15 s and on focus. */
export function useBalances(network: WalletNetwork, address: string | null) {
  return useQuery(balancesQuery(network, address))
}

/** The instance's enabled networks and tokens, in the admin's order. */
export function useNetworks() {
  return useQuery({
    queryKey: ['wallet', 'networks'],
    queryFn: () => callApi(routes.networks, {}),
    staleTime: 60_000,
  })
}

const HISTORY_PAGE = 10

/** The account's history on `network`, newest first, a page at a time. */
export function useHistory(network: WalletNetwork, address: string | null) {
  return useInfiniteQuery<
    HistoryPage,
    Error,
    { pages: HistoryPage[] },
    ReturnType<typeof historyKey>,
    string | undefined
  >({
    queryKey: historyKey(network.id, address),
    queryFn: async ({ pageParam }) =>
      (await chainAdapterFor(network)).getHistory(address!, {
        tokens: network.tokens,
        limit: HISTORY_PAGE,
        ...(pageParam === undefined ? {} : { cursor: pageParam }),
      }),
    initialPageParam: undefined,
    getNextPageParam: (last) => last.nextCursor,
    enabled: address !== null,
    refetchInterval: 30_000,
  })
}

/** Refreshes what a transfer changed: balances and history of the account on the network. */
export function useRefreshAccount(networkId: string, address: string | null) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: balancesKey(networkId, address) }),
      queryClient.invalidateQueries({ queryKey: historyKey(networkId, address) }),
    ])
}
