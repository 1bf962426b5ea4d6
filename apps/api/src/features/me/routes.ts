import { PutAddressesRequest } from '@stratos/schemas'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../context.js'
import { parseJsonBody } from '../../middleware/parseJsonBody.js'
import { requireSession } from '../../middleware/requireSession.js'
import { getMe, saveAddresses } from './service.js'

/** `/api/me`: the signed-in user's profile and public addresses. */
export function meRoutes(deps: AppDeps) {
  const { db, clock } = deps
  return new Hono<AppEnv>()
    .use(requireSession(deps))
    .get('/', async (c) => {
      const auth = c.get('auth')
      return c.json(await getMe(db, auth.userId, auth))
    })
    .put('/addresses', async (c) => {
      const auth = c.get('auth')
      const { addresses } = await parseJsonBody(c, PutAddressesRequest)
      await saveAddresses(db, auth.userId, addresses, clock().toISOString())
      return c.json(await getMe(db, auth.userId, auth))
    })
}
