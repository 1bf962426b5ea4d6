import { routes } from '@stratos/schemas'
import { actorOf } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { createInstancePrices } from './instancePrices.js'
import { readAdminPriceSettings, updateAdminPriceSettings } from './service.js'

/**
 * `/api/prices` for signed-in users, and the price provider's settings for admins
 * (`/api/admin/prices`). The price cache is made here, once per app, and shared by every request.
 */
export function pricesRoutes(deps: AppDeps) {
  const router = createRouter(deps)
  const prices = createInstancePrices(deps)
  router.handle(routes.prices, async (_c, { query }) => prices.quotes(query.ids))
  router.handle(routes.adminPrices, async () => readAdminPriceSettings(deps))
  router.handle(routes.adminUpdatePrices, async (c, { body }) =>
    updateAdminPriceSettings(deps, actorOf(c), body),
  )
  return router.app
}
