import {
  CANTON_INSTRUCTION_ACTIONS,
  CantonAllocateRequest,
  CantonExecuteRequest,
  CantonHistoryQuery,
  CantonTopologyRequest,
  CantonTransferRequest,
} from '@stratos/schemas'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../context.js'
import { parseJsonBody, validate } from '../../middleware/parseJsonBody.js'
import { requireSession } from '../../middleware/requireSession.js'
import { cantonHistory } from './cantonHistory.js'
import type { CantonLedger } from './cantonLedger.js'
import {
  allocateParty,
  cantonStatus,
  executePrepared,
  listHoldings,
  listInstructions,
  prepareInstructionAction,
  prepareOnboarding,
  prepareTransfer,
  requireCanton,
  requireParty,
} from './service.js'

/**
 * `/api/canton`: the signed-in user's Canton external party. The server prepares and submits; the
 * browser checks every prepared transaction and signs it with the user's key. The server never signs.
 * Participant failures reach `app.onError` as CantonError and leave as `{code, message}` (toApiError).
 */
export function cantonRoutes(deps: AppDeps, ledger: CantonLedger | null) {
  const { clock } = deps
  const app = new Hono<AppEnv>().use(requireSession(deps))
  app.get('/status', async (c) => c.json(await cantonStatus(deps, ledger, c.get('auth').userId)))

  app.post('/onboarding/topology', async (c) => {
    const canton = requireCanton(ledger)
    const { publicKey } = await parseJsonBody(c, CantonTopologyRequest)
    return c.json(await prepareOnboarding(deps, canton, c.get('auth').userId, publicKey.toLowerCase()))
  })

  app.post('/onboarding/allocate', async (c) => {
    const canton = requireCanton(ledger)
    const body = await parseJsonBody(c, CantonAllocateRequest)
    return c.json(await allocateParty(deps, canton, c.get('auth').userId, body))
  })

  app.get('/holdings', async (c) => {
    const canton = requireCanton(ledger)
    const party = await requireParty(deps, c.get('auth').userId)
    return c.json(await listHoldings(canton, party.party_id, clock()))
  })

  app.get('/instructions', async (c) => {
    const canton = requireCanton(ledger)
    const party = await requireParty(deps, c.get('auth').userId)
    return c.json(await listInstructions(canton, party.party_id))
  })

  app.get('/history', async (c) => {
    const canton = requireCanton(ledger)
    const { limit, before } = validate(CantonHistoryQuery, c.req.query())
    const party = await requireParty(deps, c.get('auth').userId)
    return c.json(await cantonHistory(canton, { partyId: party.party_id, limit, before }))
  })

  app.post('/transfers/prepare', async (c) => {
    const canton = requireCanton(ledger)
    const body = await parseJsonBody(c, CantonTransferRequest)
    const party = await requireParty(deps, c.get('auth').userId)
    return c.json(await prepareTransfer(canton, party.party_id, body, clock()))
  })

  for (const action of CANTON_INSTRUCTION_ACTIONS) {
    app.post(`/instructions/:contractId/${action}/prepare`, async (c) => {
      const canton = requireCanton(ledger)
      const party = await requireParty(deps, c.get('auth').userId)
      return c.json(await prepareInstructionAction(canton, party.party_id, c.req.param('contractId'), action))
    })
  }

  app.post('/execute', async (c) => {
    const canton = requireCanton(ledger)
    const body = await parseJsonBody(c, CantonExecuteRequest)
    const party = await requireParty(deps, c.get('auth').userId)
    return c.json(await executePrepared(canton, party, body))
  })
  return app
}
