import { routes } from '@stratos/schemas'
import { getMe } from '../../accounts/getMe.js'
import { selectSignIns } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { createRouter } from '../../http/createRouter.js'
import { saveAddresses } from './service.js'

/** `/api/me`: the signed-in user's profile, public addresses and sign-in history. */
export function meRoutes(deps: AppDeps) {
  const { db, clock } = deps
  const router = createRouter(deps)
  router.handle(routes.me, async (c) => getMe(db, c.var.auth.userId, c.var.auth))
  router.handle(routes.putAddresses, async (c, { body }) => {
    await saveAddresses(db, c.var.auth.userId, body.addresses, clock().toISOString())
    return getMe(db, c.var.auth.userId, c.var.auth)
  })
  router.handle(routes.signIns, async (c, { query }) => {
    const page = await selectSignIns(db, c.var.auth.userId, query)
    if (!page) throw new ApiError(400, 'INVALID_QUERY', 'before: no sign-in has this id')
    return page
  })
  return router.app
}
