import type { HealthResponse, PublicConfig } from '@stratos/schemas'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../context.js'
import { hasAdmin, isEnrollmentOutstanding } from '../../enrollment/ensureAdminEnrollment.js'

/** `/api/health` and `/api/config`: what anyone may read before signing in. */
export function instanceRoutes(deps: AppDeps) {
  const { db, config } = deps
  return new Hono<AppEnv>()
    .get('/health', (c) => c.json({ ok: true } satisfies HealthResponse))
    .get('/config', async (c) => {
      const body: PublicConfig = {
        instanceName: config.instanceName,
        rpId: config.rpId,
        needsAdmin: !(await hasAdmin(db)) && (await isEnrollmentOutstanding(db)),
        devMode: config.devMode,
        autoLockSeconds: config.autoLockSeconds,
        evm: {
          chainId: config.evm.chainId,
          name: config.evm.name,
          symbol: config.evm.symbol,
          rpcPath: '/api/rpc/evm',
        },
      }
      return c.json(body)
    })
}
