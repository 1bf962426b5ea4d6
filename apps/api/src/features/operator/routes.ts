import { routes } from '@stratos/schemas'
import { readBrandName } from '../../branding/brand.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { createRouter } from '../../http/createRouter.js'
import type { OperatorSession } from '../../sessions/operatorSessions.js'
import { errorPage } from './errorPage.js'
import { createOperatorSignIn } from './service.js'

/**
 * Operators through OpenID Connect: `/api/auth/oidc/start` and `/callback` (browser navigations,
 * answered with redirects) and `/api/operator/me`. An operator session reaches admin routes only
 * (`requireAdmin`); every wallet route refuses it (`requireSession`).
 */
export function operatorRoutes(deps: AppDeps) {
  const signIn = createOperatorSignIn(deps)
  const router = createRouter(deps)
  // The start and the callback are browser navigations: a browser is shown a refusal as a page
  // (same status, code and message), other clients get the JSON `onError` made.
  router.app.use('/api/auth/oidc/*', async (c, next) => {
    await next()
    if (c.error instanceof ApiError && c.req.header('accept')?.includes('text/html')) {
      // The brand's name now; a database that cannot say leaves the settings' name on the page.
      const name = await readBrandName(deps.db, deps.config).catch(() => deps.config.instanceName)
      c.res = c.html(errorPage(c.error, name), c.error.status)
    }
  })
  router.handle(routes.oidcStart, async (c) => signIn.start(c))
  router.handle(routes.oidcCallback, async (c) => signIn.callback(c))
  router.handle(routes.operatorMe, async (c) => {
    const operator = c.get('operator') as OperatorSession | undefined
    if (!operator)
      throw new ApiError(
        404,
        'NOT_AN_OPERATOR',
        'This is a wallet session, not an operator session: see /api/me',
      )
    return {
      kind: 'operator' as const,
      id: operator.operatorId,
      displayName: operator.displayName,
      issuer: operator.issuer,
      expiresAt: operator.expiresAt,
    }
  })
  return router.app
}
