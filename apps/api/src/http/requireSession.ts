import { createMiddleware } from 'hono/factory'
import type { AppDeps, AppEnv } from '../context.js'
import { ApiError } from '../errors.js'

/**
 * Refuses the request with 401 UNAUTHENTICATED unless it carries a live wallet session; sets
 * `c.var.auth`. An operator session (OIDC) is refused with 403 OPERATOR_SESSION: it reaches the
 * admin console only, so every wallet route refuses it here, in one place. Resolved once per
 * request: nested routers that both require a session do not query twice.
 */
export function requireSession(deps: Pick<AppDeps, 'sessions' | 'operatorSessions'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.get('auth') ?? (await deps.sessions.resolve(c))
    if (!auth) {
      if (await deps.operatorSessions.resolve(c)) throw operatorSessionRefused()
      throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first: no valid session')
    }
    c.set('auth', auth)
    c.set('logUserId', auth.userId)
    await next()
  })
}

/** What a wallet route answers an operator session. */
export function operatorSessionRefused(): ApiError {
  return new ApiError(
    403,
    'OPERATOR_SESSION',
    'This is an operator session: it reaches the admin console only, never a wallet. Sign in with a passkey to use a wallet',
  )
}
