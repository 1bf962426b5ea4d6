import { routes } from '@stratos/schemas'
import { requireLedger } from '../../canton/cantonPerRequest.js'
import { requireParty } from '../../canton/parties.js'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { cantonHistory } from './cantonHistory.js'
import { forwardDappLedgerRead } from './dappLedger.js'
import { prepareDappCommands } from './dappPrepare.js'
import {
  allocateParty,
  cantonStatus,
  executePrepared,
  listHoldings,
  listInstructions,
  prepareInstructionAction,
  prepareOnboarding,
  prepareTransfer,
} from './service.js'

/**
 * `/api/canton`: the signed-in user's Canton external party. The server prepares and submits; the
 * browser checks every prepared transaction and signs it with the user's key. The server never signs.
 * Participant failures reach `app.onError` as CantonError and leave as `{code, message}` (toApiError).
 */
export function cantonRoutes(deps: AppDeps) {
  const { db, clock } = deps
  const router = createRouter(deps)
  const partyOf = async (userId: string) => (await requireParty(db, userId)).party_id

  router.handle(routes.cantonStatus, async (c) => {
    const { ledger } = await c.var.canton()
    return cantonStatus(deps, ledger, c.var.auth.userId)
  })
  router.handle(routes.cantonTopology, async (c, { body }) =>
    prepareOnboarding(deps, await requireLedger(c), c.var.auth.userId, body.publicKey.toLowerCase()),
  )
  router.handle(routes.cantonAllocate, async (c, { body }) =>
    allocateParty(deps, await requireLedger(c), c.var.auth.userId, body),
  )
  router.handle(routes.cantonHoldings, async (c) =>
    listHoldings(await requireLedger(c), await partyOf(c.var.auth.userId), clock()),
  )
  router.handle(routes.cantonInstructions, async (c) =>
    listInstructions(await requireLedger(c), await partyOf(c.var.auth.userId)),
  )
  router.handle(routes.cantonHistory, async (c, { query }) => {
    const ledger = await requireLedger(c)
    return cantonHistory(ledger, { partyId: await partyOf(c.var.auth.userId), ...query })
  })
  router.handle(routes.cantonPrepareTransfer, async (c, { body }) => {
    const ledger = await requireLedger(c)
    return prepareTransfer(ledger, await partyOf(c.var.auth.userId), body, clock())
  })
  router.handle(routes.cantonPrepareInstructionAction, async (c, { params }) => {
    const ledger = await requireLedger(c)
    const partyId = await partyOf(c.var.auth.userId)
    return prepareInstructionAction(ledger, partyId, params.contractId, params.action)
  })
  router.handle(routes.cantonExecute, async (c, { body }) => {
    const ledger = await requireLedger(c)
    return executePrepared(ledger, await requireParty(db, c.var.auth.userId), body)
  })
  router.handle(routes.cantonDappPrepare, async (c, { body }) => {
    const ledger = await requireLedger(c)
    return prepareDappCommands(ledger, await partyOf(c.var.auth.userId), body)
  })
  router.handle(routes.cantonDappLedger, async (c, { body }) => {
    const ledger = await requireLedger(c)
    return forwardDappLedgerRead(ledger, await partyOf(c.var.auth.userId), body)
  })
  return router.app
}
