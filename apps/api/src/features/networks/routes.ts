import { routes } from '@stratos/schemas'
import { actorOf } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { seedNetworks } from '../../networks/seedNetworks.js'
import {
  addNetwork,
  listAdminNetworks,
  removeNetwork,
  reorderNetworks,
  updateNetwork,
} from './adminNetworks.js'
import { addToken, removeToken, reorderTokens, updateToken } from './adminTokens.js'
import { proxyHttp, proxyJsonRpc } from './chainProxy.js'
import { listNetworks } from './publicNetworks.js'

/**
 * The instance's networks and tokens: admins list, add, change, remove and order them
 * (`/api/admin/networks`, `/api/admin/tokens`), wallets read the enabled ones (`/api/networks`)
 * and reach their chains through the proxies (`/api/chains/:networkId`). The first read seeds the
 * EVM_* network when the instance has none (`seedNetworks`).
 */
export function networksRoutes(deps: AppDeps) {
  const router = createRouter(deps)
  let seeded: Promise<void> | undefined
  const ready = () => {
    seeded ??= seedNetworks(deps.db, deps.config, deps.clock()).catch((error: unknown) => {
      seeded = undefined
      throw error
    })
    return seeded
  }
  for (const path of [
    '/api/networks',
    '/api/chains/*',
    '/api/admin/networks',
    '/api/admin/networks/*',
    '/api/admin/tokens',
    '/api/admin/tokens/*',
  ])
    router.app.use(path, async (_, next) => {
      await ready()
      await next()
    })

  router.handle(routes.networks, async () => listNetworks(deps))
  router.handle(routes.chainRpc, async (_, { params, body }) => proxyJsonRpc(deps, params.networkId, body))
  router.handle(routes.chainHttpGet, async (c, { params }) => proxyHttp(deps, params.networkId, c.req.raw))
  router.handle(routes.chainHttpPost, async (c, { params }) => proxyHttp(deps, params.networkId, c.req.raw))

  router.handle(routes.adminNetworks, async () => listAdminNetworks(deps))
  router.handle(routes.adminAddNetwork, async (c, { body }) => addNetwork(deps, actorOf(c), body))
  router.handle(routes.adminUpdateNetwork, async (c, { params, body }) =>
    updateNetwork(deps, actorOf(c), params.id, body),
  )
  router.handle(routes.adminRemoveNetwork, async (c, { params }) => {
    await removeNetwork(deps, actorOf(c), params.id)
  })
  router.handle(routes.adminReorderNetworks, async (c, { body }) => reorderNetworks(deps, actorOf(c), body))
  router.handle(routes.adminAddToken, async (c, { body }) => addToken(deps, actorOf(c), body))
  router.handle(routes.adminUpdateToken, async (c, { params, body }) =>
    updateToken(deps, actorOf(c), params.id, body),
  )
  router.handle(routes.adminRemoveToken, async (c, { params }) => {
    await removeToken(deps, actorOf(c), params.id)
  })
  router.handle(routes.adminReorderTokens, async (c, { params, body }) =>
    reorderTokens(deps, actorOf(c), params.id, body),
  )
  return router.app
}
