import { routes } from '@stratos/schemas'
import { getMe } from '../../accounts/getMe.js'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { saveAddresses } from './service.js'

/** `/api/me`: the signed-in user's profile and public addresses. */
export function meRoutes(deps: AppDeps) {
  const { db, clock } = deps
  const router = createRouter(deps)
  router.handle(routes.me, async (c) => getMe(db, c.var.auth.userId, c.var.auth))
  router.handle(routes.putAddresses, async (c, { body }) => {
    await saveAddresses(db, c.var.auth.userId, body.addresses, clock().toISOString())
    return getMe(db, c.var.auth.userId, c.var.auth)
  })
  return router.app
}
