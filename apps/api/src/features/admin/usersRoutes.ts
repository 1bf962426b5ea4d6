import { routes } from '@stratos/schemas'
import { actorOf } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import type { Router } from '../../http/createRouter.js'
import { createInvite, listInvites, revokeInvite } from './invites.js'
import {
  disableUser,
  enableUser,
  getUser,
  listUsers,
  readUserSettings,
  setUserRole,
  updateUserSettings,
} from './users.js'

/** The users and roles routes of `/api/admin`: accounts, roles, invites, the maximum of admins. */
export function handleUserRoutes(router: Router, deps: AppDeps): void {
  router.handle(routes.adminUsers, async (_, { query }) => listUsers(deps, query))
  router.handle(routes.adminUser, async (_, { params }) => getUser(deps, params.id))
  router.handle(routes.adminSetUserRole, async (c, { params, body }) =>
    setUserRole(deps, actorOf(c), params.id, body.role),
  )
  router.handle(routes.adminDisableUser, async (c, { params }) => disableUser(deps, actorOf(c), params.id))
  router.handle(routes.adminEnableUser, async (c, { params }) => enableUser(deps, actorOf(c), params.id))
  router.handle(routes.adminInvites, async () => listInvites(deps))
  router.handle(routes.adminCreateInvite, async (c, { body }) => createInvite(deps, actorOf(c), body))
  router.handle(routes.adminRevokeInvite, async (c, { params }) => {
    await revokeInvite(deps, actorOf(c), params.id)
  })
  router.handle(routes.adminUserSettings, async () => readUserSettings(deps))
  router.handle(routes.adminUpdateUserSettings, async (c, { body }) =>
    updateUserSettings(deps, actorOf(c), body),
  )
}
