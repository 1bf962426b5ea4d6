import { FaucetRequest } from '@stratos/schemas'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../context.js'
import { ApiError } from '../../errors.js'
import { parseJsonBody } from '../../middleware/parseJsonBody.js'
import { requireSession } from '../../middleware/requireSession.js'
import type { CantonLedger } from '../canton/cantonLedger.js'
import { mintTestTokens, requireCanton, requireParty } from '../canton/service.js'
import { deployDevVault } from '../defi/service.js'
import { sendFaucetFunds } from './service.js'

/** `/api/dev`: development helpers. Every route is 404 unless the instance runs in dev mode. */
export function devRoutes(deps: AppDeps, canton: CantonLedger | null) {
  const { config } = deps
  return new Hono<AppEnv>()
    .use(async (c, next) => {
      if (!config.devMode) throw new ApiError(404, 'NOT_FOUND', `No route ${c.req.method} ${c.req.path}`)
      await next()
    })
    .use(requireSession(deps))
    .post('/faucet', async (c) => {
      const { address } = await parseJsonBody(c, FaucetRequest)
      return c.json(await sendFaucetFunds(config.evm.rpcUrl, address))
    })
    .post('/canton-faucet', async (c) => {
      const ledger = requireCanton(canton)
      const party = await requireParty(deps, c.get('auth').userId)
      return c.json(await mintTestTokens(ledger, party.party_id))
    })
    .post('/defi-vault', async (c) => c.json(await deployDevVault(deps, canton, c.get('auth').userId)))
}
