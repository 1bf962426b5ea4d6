import { routes } from '@stratos/schemas'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { refusePrfOutput } from '../../passkeys/refusePrfOutput.js'
import { createCredentialsService } from './service.js'

/**
 * `/api/me/credentials`: the signed-in user's passkeys. Add a backup passkey (options, verify) and
 * remove one. Bodies are never logged (WebAuthn responses, wrapped entropy).
 */
export function credentialsRoutes(deps: AppDeps) {
  const service = createCredentialsService(deps)
  const router = createRouter(deps)
  router.handle(routes.addCredentialOptions, async (c) =>
    service.registrationOptions(c.var.auth, c.get('clientIp')),
  )
  router.handle(
    routes.addCredentialVerify,
    async (c, { body }) => service.registrationVerify(c.var.auth, body),
    {
      inspectBody: refusePrfOutput,
    },
  )
  router.handle(routes.deleteCredential, async (c, { params }) => service.remove(c.var.auth, params.id))
  return router.app
}
