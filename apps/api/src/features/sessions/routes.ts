import { routes } from '@stratos/schemas'
import { actorOf } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { createSessionsService } from './service.js'

/**
 * `/api/me/sessions`: the signed-in user's live sessions (where and when each signed in, when it
 * was last used), and revoking them. Revoking the caller's own session also clears its cookie.
 */
export function sessionsRoutes(deps: AppDeps) {
  const service = createSessionsService(deps)
  const router = createRouter(deps)
  router.handle(routes.mySessions, async (c) => service.list(c.var.auth))
  router.handle(routes.revokeMySession, async (c, { params }) => {
    await service.revoke(c.var.auth, actorOf(c), params.id)
    if (params.id === c.var.auth.sessionId) deps.sessions.clearCookie(c)
  })
  router.handle(routes.revokeMyOtherSessions, async (c) => service.revokeOthers(c.var.auth, actorOf(c)))
  return router.app
}
