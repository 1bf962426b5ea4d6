import { routes } from '@stratos/schemas'
import type { AppDeps } from '../../context.js'
import { defiStatus } from '../../defi/defiStatus.js'
import { createRouter } from '../../http/createRouter.js'
import { prepareDefiIntent } from './service.js'

/**
 * `/api/defi`: the signed-in user's Canton DeFi vault and intents. The API prepares the
 * `DeFiIntent` create as the user's party; the browser checks and signs it and submits it through
 * `POST /api/canton/execute`. Follows the Canton connection in use (an admin may change it).
 */
export function defiRoutes(deps: AppDeps) {
  const router = createRouter(deps)
  router.handle(routes.defiStatus, async (c) => {
    const { ledger } = await c.var.canton()
    return defiStatus(deps, ledger, c.var.auth.userId)
  })
  router.handle(routes.defiPrepareIntent, async (c, { body }) => {
    const { ledger } = await c.var.canton()
    return prepareDefiIntent(deps, ledger, c.var.auth.userId, body)
  })
  return router.app
}
