import { routes } from '@stratos/schemas'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { refusePrfOutput } from '../../passkeys/refusePrfOutput.js'
import { createCredentialsService } from './service.js'

/**
 * `/api/me/credentials`: the signed-in user's passkeys. Add a backup passkey (options, verify),
 * rename and remove one; each change with a step-up. Bodies are never logged (WebAuthn responses, wrapped entropy).
 */
export function credentialsRoutes(deps: AppDeps) {
  const service = createCredentialsService(deps)
  const router = createRouter(deps)
  router.handle(routes.addCredentialOptions, async (c) => service.registrationOptions(c.var.auth))
  router.handle(
    routes.addCredentialVerify,
    async (c, { body }) => service.registrationVerify(c.var.auth, body),
    {
      inspectBody: refusePrfOutput,
    },
  )
  router.handle(routes.renameCredential, async (c, { params, body }) =>
    service.rename(c.var.auth, params.id, body),
  )
  router.handle(routes.deleteCredential, async (c, { params, body }) =>
    service.remove(c.var.auth, params.id, body),
  )
  return router.app
}
