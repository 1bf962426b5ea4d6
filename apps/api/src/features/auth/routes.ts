import {
  LoginOptionsRequest,
  LoginVerifyRequest,
  type LoginVerifyResponse,
  RegisterOptionsRequest,
  RegisterVerifyRequest,
} from '@stratos/schemas'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../context.js'
import { readJsonBody, validate } from '../../middleware/parseJsonBody.js'
import { refusePrfOutput } from './refusePrfOutput.js'
import { createAuthService } from './service.js'

/**
 * `/api/auth`: passkey registration and sign-in, sign-out. Bodies of these routes are never
 * logged (they carry WebAuthn responses, and a careless client could include PRF output).
 */
export function authRoutes(deps: AppDeps) {
  const service = createAuthService(deps)
  const { sessions } = deps
  return new Hono<AppEnv>()
    .post('/register/options', async (c) => {
      const input = validate(RegisterOptionsRequest, await readJsonBody(c))
      return c.json(await service.registrationOptions(input))
    })
    .post('/register/verify', async (c) => {
      const input = validate(RegisterVerifyRequest, refusePrfOutput(await readJsonBody(c)))
      const result = await service.registrationVerify(input, c.req.header('user-agent') ?? null)
      await sessions.setCookie(c, result.session, result.userId)
      c.set('logUserId', result.userId)
      return c.json(result.me)
    })
    .post('/login/options', async (c) => {
      validate(LoginOptionsRequest, await readJsonBody(c, { allowEmpty: true }))
      return c.json(await service.authenticationOptions())
    })
    .post('/login/verify', async (c) => {
      const input = validate(LoginVerifyRequest, refusePrfOutput(await readJsonBody(c)))
      const result = await service.authenticationVerify(input, c.req.header('user-agent') ?? null)
      await sessions.setCookie(c, result.session, result.userId)
      c.set('logUserId', result.userId)
      return c.json({ ...result.me, unlock: result.unlock } satisfies LoginVerifyResponse)
    })
    .post('/logout', async (c) => {
      const auth = await sessions.resolve(c)
      if (auth) {
        await sessions.revoke(auth.sessionId)
        c.set('logUserId', auth.userId)
      }
      sessions.clearCookie(c)
      return c.body(null, 204)
    })
}
