import { routes } from '@stratos/schemas'
import { requireLedger } from '../../canton/cantonPerRequest.js'
import { requireParty } from '../../canton/parties.js'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { deployDevVault } from './deployDevVault.js'
import { mintTestTokens } from './mintTestTokens.js'
import { sendChainFaucetFunds } from './sendChainFaucetFunds.js'

/** `/api/dev`: development helpers. The routes exist only when the instance runs in dev mode. */
export function devRoutes(deps: AppDeps) {
  const { db } = deps
  const router = createRouter(deps)
  router.handle(routes.devChainFaucet, async (_, { params, body }) =>
    sendChainFaucetFunds(deps.devChains, params.id, body),
  )
  router.handle(routes.devCantonFaucet, async (c) => {
    const ledger = await requireLedger(c)
    const party = await requireParty(db, c.var.auth.userId)
    return mintTestTokens(ledger, party.party_id)
  })
  router.handle(routes.devDefiVault, async (c) => {
    const { ledger } = await c.var.canton()
    return deployDevVault(deps, ledger, c.var.auth.userId)
  })
  return router.app
}
