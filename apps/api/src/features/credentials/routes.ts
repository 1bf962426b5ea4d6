import { routes } from '@stratos/schemas'
import { actorOf, writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { createRouter } from '../../http/createRouter.js'
import { selectAttestedModel } from '../../passkeys/queries.js'
import { refusePrfOutput } from '../../passkeys/refusePrfOutput.js'
import { createCredentialsService } from './service.js'

/**
 * `/api/me/credentials`: the signed-in user's passkeys. Add a backup passkey (options, verify),
 * rename and remove one; each change with a step-up. Bodies are never logged (WebAuthn responses, wrapped entropy).
 */
export function credentialsRoutes(deps: AppDeps) {
  const service = createCredentialsService(deps)
  const router = createRouter(deps)
  router.handle(routes.addCredentialOptions, async (c) =>
    service.registrationOptions(c.var.auth, c.get('clientIp')),
  )
  router.handle(
    routes.addCredentialVerify,
    async (c, { body }) => {
      const me = await service.registrationVerify(c.var.auth, body)
      await writeAuditEntry(deps.db, {
        actor: actorOf(c),
        action: 'passkey.add',
        target: body.response.id,
        at: deps.clock(),
        details: {
          kind: 'backup',
          passkeys: { before: me.credentials.length - 1, after: me.credentials.length },
          attestedModel: await selectAttestedModel(deps.db, body.response.id),
        },
      })
      return me
    },
    {
      inspectBody: refusePrfOutput,
    },
  )
  router.handle(routes.renameCredential, async (c, { params, body }) => {
    const me = await service.rename(c.var.auth, params.id, body)
    await writeAuditEntry(deps.db, {
      actor: actorOf(c),
      action: 'passkey.rename',
      target: params.id,
      at: deps.clock(),
      details: { after: { name: body.name } },
    })
    return me
  })
  router.handle(routes.deleteCredential, async (c, { params, body }) => {
    const me = await service.remove(c.var.auth, params.id, body)
    await writeAuditEntry(deps.db, {
      actor: actorOf(c),
      action: 'passkey.remove',
      target: params.id,
      at: deps.clock(),
      details: { passkeys: { before: me.credentials.length + 1, after: me.credentials.length } },
    })
    return me
  })
  return router.app
}
