import { createMiddleware } from 'hono/factory'
import type { AppDeps, AppEnv } from '../context.js'
import { ApiError } from '../errors.js'

/**
 * Refuses the request with 401 UNAUTHENTICATED unless it carries a live session; sets `c.var.auth`.
 * Resolved once per request: nested routers that both require a session do not query twice.
 */
export function requireSession(deps: Pick<AppDeps, 'sessions'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.get('auth') ?? (await deps.sessions.resolve(c))
    if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first: no valid session')
    c.set('auth', auth)
    c.set('logUserId', auth.userId)
    await next()
  })
}
