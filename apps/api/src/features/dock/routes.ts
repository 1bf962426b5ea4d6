import { routes } from '@stratos/schemas'
import { actorOf } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { seedNetworks } from '../../networks/seedNetworks.js'
import {
  addDockApp,
  deleteGrant,
  listAdminDockApps,
  listDock,
  listGrants,
  putGrant,
  removeDockApp,
  reorderDockApps,
  updateDockApp,
} from './service.js'

/**
 * Dock apps: admins add, change, order and remove them (`/api/admin/dock`), wallets read the
 * enabled ones (`/api/dock`) and each user grants or revokes an app their accounts and networks
 * (`/api/me/dock-grants`). The instance's networks are seeded first, as the networks routes do,
 * so an app may name the EVM_* network on a fresh instance.
 */
export function dockRoutes(deps: AppDeps) {
  const router = createRouter(deps)
  let seeded: Promise<void> | undefined
  const ready = () => {
    seeded ??= seedNetworks(deps.db, deps.config, deps.clock()).catch((error: unknown) => {
      seeded = undefined
      throw error
    })
    return seeded
  }
  for (const path of ['/api/dock', '/api/admin/dock', '/api/admin/dock/*'])
    router.app.use(path, async (_, next) => {
      await ready()
      await next()
    })

  router.handle(routes.dockApps, async () => listDock(deps))
  router.handle(routes.dockGrants, async (c) => listGrants(deps, c.var.auth.userId))
  router.handle(routes.dockGrantPut, async (c, { params, body }) =>
    putGrant(deps, c.var.auth.userId, params.appId, body),
  )
  router.handle(routes.dockGrantDelete, async (c, { params }) => {
    await deleteGrant(deps, c.var.auth.userId, params.appId)
  })

  router.handle(routes.adminDockApps, async () => listAdminDockApps(deps))
  router.handle(routes.adminAddDockApp, async (c, { body }) => addDockApp(deps, actorOf(c), body))
  // Before the update: `PUT /api/admin/dock/order` would match `/api/admin/dock/:id` too.
  router.handle(routes.adminReorderDockApps, async (c, { body }) => reorderDockApps(deps, actorOf(c), body))
  router.handle(routes.adminUpdateDockApp, async (c, { params, body }) =>
    updateDockApp(deps, actorOf(c), params.id, body),
  )
  router.handle(routes.adminRemoveDockApp, async (c, { params }) => {
    await removeDockApp(deps, actorOf(c), params.id)
  })
  return router.app
}
