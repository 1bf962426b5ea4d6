import { routes } from '@stratos/schemas'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '../../lib/api'
import { useSession } from '../../lib/session'
import { type DockGrant, fetchDockApps, fetchDockGrants } from './dockApi'

export const dockAppsKey = ['dock', 'apps'] as const
export const dockGrantsKey = ['dock', 'grants'] as const

/** The user's dock apps, enabled ones in the admin's order. */
export const dockAppsQuery = queryOptions({
  queryKey: dockAppsKey,
  queryFn: fetchDockApps,
  staleTime: 60_000,
})

/**
 * How old the dock apps may be when a request of an app is checked: an admin's change of an app's
 * permissions or networks, or its removal, applies to the requests that come after it.
 */
export const DOCK_APPS_CHECK_AGE_MS = 5_000

/** The user's grants to dock apps. */
export const dockGrantsQuery = queryOptions<DockGrant[]>({
  queryKey: dockGrantsKey,
  queryFn: fetchDockGrants,
  staleTime: 30_000,
})

/** The user's Canton party for the dock's connect approvals (null without Canton or before onboarding). */
export const dockCantonPartyQuery = queryOptions({
  queryKey: ['dock', 'canton-party'] as const,
  queryFn: async () => {
    const status = await api.canton.status()
    return status.configured ? status.partyId : null
  },
  staleTime: 60_000,
})

/** The instance's enabled networks (names, chain ids and listed tokens of the apps' EVM networks). */
export const dockNetworksQuery = queryOptions({
  queryKey: ['dock', 'networks'] as const,
  queryFn: async () => (await callApi(routes.networks, {})).networks,
  staleTime: 60_000,
})

export function useDockApps() {
  const { me } = useSession()
  // Fetched again whenever a page using it mounts: the dock opens with the apps as they are now.
  return useQuery({ ...dockAppsQuery, enabled: me !== null, refetchOnMount: 'always' })
}

export function useDockGrants() {
  return useQuery(dockGrantsQuery)
}
