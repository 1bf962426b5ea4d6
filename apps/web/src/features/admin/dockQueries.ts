import { type DockAppInput, routes } from '@stratos/schemas'
import { useQuery } from '@tanstack/react-query'
import { callApi } from '../../lib/api'

export const adminDockKey = ['admin', 'dock'] as const

/** Every dock app of the instance (enabled or not), in the dock's order. */
export function useAdminDockApps() {
  return useQuery({ queryKey: adminDockKey, queryFn: () => callApi(routes.adminDockApps, {}) })
}

/** The admin's changes to the dock; each asks for a step-up first (`callApi`). */
export const dockAdmin = {
  add: (body: DockAppInput) => callApi(routes.adminAddDockApp, { body }),
  update: (id: string, body: DockAppInput) => callApi(routes.adminUpdateDockApp, { params: { id }, body }),
  remove: (id: string) => callApi(routes.adminRemoveDockApp, { params: { id } }),
  reorder: (ids: string[]) => callApi(routes.adminReorderDockApps, { body: { ids } }),
}
