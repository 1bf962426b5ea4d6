import { JsonRpcBody } from '@stratos/schemas'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../context.js'
import { parseJsonBody } from '../../middleware/parseJsonBody.js'
import { requireSession } from '../../middleware/requireSession.js'
import { proxyEvmRpc } from './service.js'

/**
 * `/api/rpc/evm`: same-origin JSON-RPC proxy to the instance's EVM node, for signed-in users.
 * The upstream URL (which may carry a provider API key) stays on the server.
 */
export function rpcRoutes(deps: AppDeps) {
  const { config } = deps
  return new Hono<AppEnv>().use(requireSession(deps)).post('/evm', async (c) => {
    const body = await parseJsonBody(c, JsonRpcBody)
    return c.json((await proxyEvmRpc(config.evm.rpcUrl, body)) as object)
  })
}
