import { routes } from '@stratos/schemas'
import { actorOf } from '../../audit/auditLog.js'
import { requireLedger } from '../../canton/cantonPerRequest.js'
import type { AppDeps } from '../../context.js'
import type { Router } from '../../http/createRouter.js'
import {
  allocateCantonParty,
  changeLedgerRights,
  describeCantonNode,
  listCantonParties,
  listLedgerUsers,
} from './cantonNode.js'

/**
 * The Canton node operations of `/api/admin`: the participant's health, its hosted parties and its
 * Ledger API users' rights. Each answers 503 CANTON_NOT_CONFIGURED without a participant.
 */
export function handleCantonNodeRoutes(router: Router, deps: AppDeps): void {
  router.handle(routes.adminCantonNode, async (c) => describeCantonNode(await requireLedger(c)))
  router.handle(routes.adminCantonParties, async (c, { query }) =>
    listCantonParties(await requireLedger(c), query),
  )
  router.handle(routes.adminAllocateCantonParty, async (c, { body }) =>
    allocateCantonParty(deps, await requireLedger(c), actorOf(c), body),
  )
  router.handle(routes.adminLedgerUsers, async (c, { query }) =>
    listLedgerUsers(await requireLedger(c), query),
  )
  router.handle(routes.adminGrantLedgerRights, async (c, { params, body }) =>
    changeLedgerRights(deps, await requireLedger(c), actorOf(c), 'grant', params.userId, body.rights),
  )
  router.handle(routes.adminRevokeLedgerRights, async (c, { params, body }) =>
    changeLedgerRights(deps, await requireLedger(c), actorOf(c), 'revoke', params.userId, body.rights),
  )
}
