import {
  DOCK_CANTON_NETWORK,
  type DockApp,
  type DockGrantRequest,
  routes,
  type DockGrant as StoredDockGrant,
} from '@stratos/schemas'
import { callApi } from '../../lib/api'

export type { DockApp, DockGrantRequest }

/**
 * What the user let one app see, as the dock uses it: `accounts` are the user's EVM address and/or
 * Canton party, `networks` a subset of the app's (`GET /api/me/dock-grants` says more).
 */
export type DockGrant = Pick<StoredDockGrant, 'appId' | 'accounts' | 'networks'>

/** The id of the instance's Canton ledger among a dock app's networks. */
export const CANTON_NETWORK = DOCK_CANTON_NETWORK

/** The dock apps of the signed-in user: the enabled ones, in the admin's order. */
export async function fetchDockApps(): Promise<DockApp[]> {
  return (await callApi(routes.dockApps, {})).apps
}

/** The user's grants to dock apps. */
export async function fetchDockGrants(): Promise<DockGrant[]> {
  return (await callApi(routes.dockGrants, {})).grants
}

/** Grants `appId` these accounts on these networks, replacing its grant. */
export async function putDockGrant(appId: string, grant: DockGrantRequest): Promise<void> {
  await callApi(routes.dockGrantPut, { params: { appId }, body: grant })
}

/** Revokes the grant of `appId`. */
export async function deleteDockGrant(appId: string): Promise<void> {
  await callApi(routes.dockGrantDelete, { params: { appId } })
}
