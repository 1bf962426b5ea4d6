import { createMiddleware } from 'hono/factory'
import type { AppDeps, AppEnv } from '../context.js'
import { ApiError } from '../errors.js'

/**
 * Admits a wallet user with the admin role (sets `c.var.auth`) or an operator signed in through
 * OIDC (sets `c.var.operator`, never `auth`); refuses anyone else: 401 UNAUTHENTICATED without a
 * session, 403 FORBIDDEN for a wallet user without the role, 403 ADMIN_KEY_REQUIRED for an admin
 * signed in without a trusted security key while the admin key policy is on. Admin handlers name who acted with
 * `actorOf(c)`, which reads either.
 */
export function requireAdmin(deps: Pick<AppDeps, 'sessions' | 'operatorSessions'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.get('auth') ?? (await deps.sessions.resolve(c))
    if (auth) {
      c.set('auth', auth)
      c.set('logUserId', auth.userId)
      if (auth.role !== 'admin') throw new ApiError(403, 'FORBIDDEN', 'This needs the admin role')
      await deps.sessions.requireAdminKey(auth)
      return next()
    }
    const operator = c.get('operator') ?? (await deps.operatorSessions.resolve(c))
    if (!operator) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first: no valid session')
    c.set('operator', operator)
    c.set('logUserId', `operator:${operator.operatorId}`)
    await next()
  })
}
