import { routes } from '@stratos/schemas'
import { actorOf, requestActor } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { refusePrfOutput } from '../../passkeys/refusePrfOutput.js'
import { createRecoveryService } from './service.js'

/**
 * Social recovery: the owner's setup (`/api/me/recovery`), guardians' requests
 * (`/api/me/guardian-requests`), the recovering device's calls (`/api/recovery/requests`, public:
 * a token from the start identifies the device) and the admins' list of pending recoveries.
 * Bodies are never logged (sealed shares, tokens, WebAuthn responses).
 */
export function recoveryRoutes(deps: AppDeps) {
  const service = createRecoveryService(deps)
  const router = createRouter(deps)
  router.handle(routes.recovery, async (c) => service.overview(c.var.auth.userId))
  router.handle(routes.putRecovery, async (c, { body }) => service.putSetup(actorOf(c), body))
  router.handle(routes.deleteRecovery, async (c) => service.deleteSetup(actorOf(c)))
  router.handle(routes.putGuardianKey, async (c, { body }) =>
    service.putGuardianKey(actorOf(c), body.publicKey),
  )
  router.handle(routes.cancelRecovery, async (c, { params }) => service.cancel(actorOf(c), params.id))
  router.handle(routes.guardianLookup, async (c, { query }) =>
    service.lookup(c.var.auth.userId, query.displayName),
  )
  router.handle(routes.guardianRequests, async (c) => service.guardianRequests(c.var.auth.userId))
  router.handle(routes.approveRecovery, async (c, { params, body }) =>
    service.approve(actorOf(c), params.id, body.sealedShare),
  )
  router.handle(routes.startRecovery, async (c, { body }) => service.start(requestActor(c, null), body))
  router.handle(routes.recoveryStatus, async (_, { params, body }) => service.status(params.id, body.token))
  router.handle(routes.recoveryPasskeyOptions, async (c, { params, body }) =>
    service.passkeyOptions(params.id, body.token, c.get('clientIp')),
  )
  router.handle(
    routes.recoveryPasskeyVerify,
    async (c, { params, body }) => {
      const result = await service.passkeyVerify(params.id, body, requestActor(c, null))
      await deps.sessions.setCookie(c, result.session, result.userId)
      c.set('logUserId', result.userId)
      return result.me
    },
    { inspectBody: refusePrfOutput },
  )
  router.handle(routes.adminRecoveries, async () => service.pendingForAdmins())
  return router.app
}
