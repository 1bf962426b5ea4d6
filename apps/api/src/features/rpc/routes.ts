import { routes } from '@stratos/schemas'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { proxyEvmRpc } from './service.js'

/**
 * `/api/rpc/evm`: same-origin JSON-RPC proxy to the instance's EVM node, for signed-in users.
 * The upstream URL (which may carry a provider API key) stays on the server.
 */
export function rpcRoutes(deps: AppDeps) {
  const router = createRouter(deps)
  router.handle(routes.evmRpc, async (_, { body }) =>
    proxyEvmRpc(deps.config.evm.rpcUrl, body, deps.evmFetch),
  )
  return router.app
}
