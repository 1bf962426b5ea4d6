import { routes } from '@stratos/schemas'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { stepUpOptions } from '../../stepUp/stepUpOptions.js'

/**
 * `/api/step-up`: starts a step-up for one security-sensitive action. The answer travels in the
 * body of the request that makes the change, which verifies it (`stepUp/verifyStepUp.ts`).
 */
export function stepUpRoutes(deps: AppDeps) {
  const router = createRouter(deps)
  router.handle(routes.stepUpOptions, async (c, { body }) =>
    stepUpOptions(deps, c.var.auth, body, c.get('clientIp')),
  )
  return router.app
}
