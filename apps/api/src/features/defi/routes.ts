import { DefiIntentRequest } from '@stratos/schemas'
import { Hono } from 'hono'
import type { CantonConnection } from '../../cantonConnection.js'
import type { AppDeps, AppEnv } from '../../context.js'
import { parseJsonBody } from '../../middleware/parseJsonBody.js'
import { requireSession } from '../../middleware/requireSession.js'
import { defiStatus, prepareDefiIntent } from './service.js'

/**
 * `/api/defi`: the signed-in user's Canton DeFi vault and intents. The API prepares the
 * `DeFiIntent` create as the user's party; the browser checks and signs it and submits it through
 * `POST /api/canton/execute`. Follows the Canton connection in use (an admin may change it).
 */
export function defiRoutes(deps: AppDeps, canton: CantonConnection) {
  return new Hono<AppEnv>()
    .use(requireSession(deps))
    .get('/', async (c) => {
      const { ledger } = await canton.current()
      return c.json(await defiStatus(deps, ledger, c.get('auth').userId))
    })
    .post('/intents/prepare', async (c) => {
      const body = await parseJsonBody(c, DefiIntentRequest)
      const { ledger } = await canton.current()
      return c.json(await prepareDefiIntent(deps, ledger, c.get('auth').userId, body))
    })
}
