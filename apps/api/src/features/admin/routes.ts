import { routes } from '@stratos/schemas'
import { actorOf, selectAuditPage } from '../../audit/auditLog.js'
import { exportAudit } from '../../audit/exportAudit.js'
import { requireLedger } from '../../canton/cantonPerRequest.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { createRouter } from '../../http/createRouter.js'
import { readBranding, removeLogo, updateBranding, uploadLogo } from './branding.js'
import { handleCantonNodeRoutes } from './cantonNodeRoutes.js'
import { describeConnection, listPackages, updateConnection, uploadDar } from './service.js'
import { listUserSessions, revokeAllUserSessions } from './sessions.js'
import { handleUserRoutes } from './usersRoutes.js'
import { listVaults, registerVault, removeVault } from './vaults.js'

/** `/api/admin`: instance administration, admins only (by contract). Every change writes the audit log. */
export function adminRoutes(deps: AppDeps) {
  const { db } = deps
  const router = createRouter(deps)
  router.handle(routes.adminUserSessions, async (c, { params }) =>
    listUserSessions(deps, params.id, c.var.auth.sessionId),
  )
  router.handle(routes.adminRevokeUserSessions, async (c, { params }) =>
    revokeAllUserSessions(deps, actorOf(c), params.id),
  )
  handleUserRoutes(router, deps)
  router.handle(routes.adminCanton, async (c) => describeConnection(await c.var.canton()))
  router.handle(routes.adminUpdateCanton, async (c, { body }) =>
    updateConnection(deps, await c.var.canton(), actorOf(c), body),
  )
  router.handle(routes.adminPackages, async (c) => listPackages(await requireLedger(c)))
  router.handle(routes.adminUploadDar, async (c, { body }) =>
    uploadDar(deps, await requireLedger(c), actorOf(c), body),
  )
  handleCantonNodeRoutes(router, deps)
  router.handle(routes.adminDefiVaults, async () => listVaults(deps))
  router.handle(routes.adminRegisterDefiVault, async (c, { body }) => registerVault(deps, actorOf(c), body))
  router.handle(routes.adminRemoveDefiVault, async (c, { params }) => {
    await removeVault(deps, actorOf(c), params.partyId)
  })
  router.handle(routes.adminAudit, async (_, { query }) => {
    const { action, actor, ...rest } = query
    const page = await selectAuditPage(db, { ...rest, actionPrefix: action, actorUserId: actor })
    if (!page) throw new ApiError(400, 'INVALID_QUERY', 'before: no audit entry has this id')
    return page
  })
  router.handle(routes.adminBranding, async () => readBranding(deps))
  router.handle(routes.adminUpdateBranding, async (c, { body }) => updateBranding(deps, actorOf(c), body))
  router.handle(routes.adminUploadBrandLogo, async (c, { body }) => uploadLogo(deps, actorOf(c), body))
  router.handle(routes.adminRemoveBrandLogo, async (c) => removeLogo(deps, actorOf(c)))
  router.handle(routes.adminAuditExport, async (c, { query }) => exportAudit(deps, actorOf(c), query))
  return router.app
}
