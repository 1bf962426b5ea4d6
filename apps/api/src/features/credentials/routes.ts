import { AddCredentialOptionsRequest, AddCredentialVerifyRequest } from '@stratos/schemas'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../context.js'
import { readJsonBody, validate } from '../../middleware/parseJsonBody.js'
import { requireSession } from '../../middleware/requireSession.js'
import { refusePrfOutput } from '../auth/refusePrfOutput.js'
import { createCredentialsService } from './service.js'

/**
 * `/api/me/credentials`: the signed-in user's passkeys. Add a backup passkey (options, verify) and
 * remove one. Bodies are never logged (WebAuthn responses, wrapped entropy).
 */
export function credentialsRoutes(deps: AppDeps) {
  const service = createCredentialsService(deps)
  return new Hono<AppEnv>()
    .use(requireSession(deps))
    .post('/options', async (c) => {
      validate(AddCredentialOptionsRequest, await readJsonBody(c, { allowEmpty: true }))
      return c.json(await service.registrationOptions(c.get('auth')))
    })
    .post('/verify', async (c) => {
      const input = validate(AddCredentialVerifyRequest, refusePrfOutput(await readJsonBody(c)))
      return c.json(await service.registrationVerify(c.get('auth'), input))
    })
    .delete('/:id', async (c) => c.json(await service.remove(c.get('auth'), c.req.param('id'))))
}
