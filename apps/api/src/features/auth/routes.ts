import { routes } from '@stratos/schemas'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { createRouter } from '../../http/createRouter.js'
import type { CeremonyOutcome } from '../../metrics/apiMetrics.js'
import { refusePrfOutput } from '../../passkeys/refusePrfOutput.js'
import { createAuthService } from './service.js'

/**
 * `/api/auth`: passkey registration and sign-in, sign-out. Bodies of these routes are never
 * logged (they carry WebAuthn responses, and a careless client could include PRF output).
 */
export function authRoutes(deps: AppDeps) {
  const service = createAuthService(deps)
  const { sessions } = deps
  const router = createRouter(deps)
  router.handle(routes.registerOptions, async (_, { body }) => service.registrationOptions(body))
  router.handle(
    routes.registerVerify,
    async (c, { body }) => {
      const result = await counted(
        (outcome) => deps.metrics?.countRegistration(outcome),
        service.registrationVerify(body, c.req.header('user-agent') ?? null, {
          requestId: c.get('requestId'),
          ip: c.get('clientIp'),
        }),
      )
      await sessions.setCookie(c, result.session, result.userId)
      c.set('logUserId', result.userId)
      return result.me
    },
    { inspectBody: refusePrfOutput },
  )
  router.handle(routes.loginOptions, async () => service.authenticationOptions())
  router.handle(
    routes.loginVerify,
    async (c, { body }) => {
      const result = await counted(
        (outcome) => deps.metrics?.countLogin(outcome),
        service.authenticationVerify(body, c.req.header('user-agent') ?? null),
      )
      await sessions.setCookie(c, result.session, result.userId)
      c.set('logUserId', result.userId)
      return { ...result.me, unlock: result.unlock }
    },
    { inspectBody: refusePrfOutput },
  )
  router.handle(routes.logout, async (c) => {
    const auth = await sessions.resolve(c)
    if (auth) {
      await sessions.revoke(auth.sessionId)
      c.set('logUserId', auth.userId)
    }
    sessions.clearCookie(c)
  })
  return router.app
}

/**
 * Counts how a verification ended: refused (4xx: the ceremony did not prove the user) is a failure,
 * anything else thrown is an error on our side. Bodies refused before verification are not counted.
 */
async function counted<T>(count: (outcome: CeremonyOutcome) => void, verification: Promise<T>): Promise<T> {
  try {
    const result = await verification
    count('success')
    return result
  } catch (error) {
    count(error instanceof ApiError && error.status < 500 ? 'failure' : 'error')
    throw error
  }
}
