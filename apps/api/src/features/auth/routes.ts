import { routes } from '@stratos/schemas'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
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
      const result = await service.registrationVerify(body, c.req.header('user-agent') ?? null)
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
      const result = await service.authenticationVerify(body, c.req.header('user-agent') ?? null)
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
