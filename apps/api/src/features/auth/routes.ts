import { routes } from '@stratos/schemas'
import type { Context } from 'hono'
import { operatorActorId, requestActor, SIGN_IN_ACTIONS, writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps, AppEnv } from '../../context.js'
import { ApiError } from '../../errors.js'
import { createRouter } from '../../http/createRouter.js'
import type { CeremonyOutcome } from '../../metrics/apiMetrics.js'
import { selectAttestedModel } from '../../passkeys/queries.js'
import { refusePrfOutput } from '../../passkeys/refusePrfOutput.js'
import { createAuthService, type Requester } from './service.js'

/**
 * `/api/auth`: passkey registration and sign-in, sign-out. Bodies of these routes are never
 * logged (they carry WebAuthn responses, and a careless client could include PRF output).
 */
export function authRoutes(deps: AppDeps) {
  const service = createAuthService(deps)
  const { sessions } = deps
  const router = createRouter(deps)
  router.handle(routes.registerOptions, async (c, { body }) =>
    service.registrationOptions(body, c.get('clientIp')),
  )
  router.handle(
    routes.registerVerify,
    async (c, { body }) => {
      const result = await counted(
        (outcome) => deps.metrics?.countRegistration(outcome),
        service.registrationVerify(body, requester(c), c.get('requestId')),
      )
      await writeAuditEntry(deps.db, {
        actor: requestActor(c, result.userId),
        action: 'auth.register',
        target: result.userId,
        at: deps.clock(),
        details: {
          role: result.me.user.role,
          credentialId: body.response.id,
          attestedModel: await selectAttestedModel(deps.db, body.response.id),
        },
      })
      await sessions.setCookie(c, result.session, result.userId)
      c.set('logUserId', result.userId)
      return result.me
    },
    { inspectBody: refusePrfOutput },
  )
  router.handle(routes.loginOptions, async (c) => service.authenticationOptions(c.get('clientIp')))
  router.handle(
    routes.loginVerify,
    async (c, { body }) => {
      // The credential id is what the client claims; a failure records it and the reason code,
      // never the response itself.
      const credentialId = body.response.id.slice(0, 400)
      const result = await counted(
        (outcome) => deps.metrics?.countLogin(outcome),
        service.authenticationVerify(body, requester(c)),
      ).catch(async (error: unknown) => {
        if (error instanceof ApiError && error.status < 500) {
          await writeAuditEntry(deps.db, {
            actor: requestActor(c, null),
            action: SIGN_IN_ACTIONS.failure,
            target: credentialId,
            at: deps.clock(),
            details: { reason: error.code },
          })
        }
        throw error
      })
      await writeAuditEntry(deps.db, {
        actor: requestActor(c, result.userId),
        action: SIGN_IN_ACTIONS.success,
        target: credentialId,
        at: deps.clock(),
        details: { sessionExpiresAt: result.session.expiresAt },
      })
      await sessions.setCookie(c, result.session, result.userId)
      c.set('logUserId', result.userId)
      return { ...result.me, unlock: result.unlock }
    },
    // Sign-in attempts also count per passkey tried, whichever addresses they come from.
    { inspectBody: refusePrfOutput, rateLimitAccount: ({ body }) => `credential:${body.response.id}` },
  )
  router.handle(routes.logout, async (c) => {
    const auth = await sessions.resolve(c)
    if (auth) {
      await sessions.revoke(auth.sessionId)
      c.set('logUserId', auth.userId)
      await writeAuditEntry(deps.db, {
        actor: requestActor(c, auth.userId),
        action: 'auth.sign_out',
        target: auth.userId,
        at: deps.clock(),
      })
    } else {
      // An operator (OIDC) signs out here too: same cookie, its own table.
      const operator = await deps.operatorSessions.resolve(c)
      if (operator) {
        await deps.operatorSessions.revoke(operator.sessionId)
        await writeAuditEntry(deps.db, {
          actor: requestActor(c, operatorActorId(operator.operatorId)),
          action: 'operator.sign_out',
          target: operator.operatorId,
          at: deps.clock(),
        })
      }
    }
    sessions.clearCookie(c)
  })
  return router.app
}

/** The client address and user agent a new session records. */
function requester(c: Context<AppEnv>): Requester {
  return { ip: c.get('clientIp'), userAgent: c.req.header('user-agent') ?? null }
}

/**
 * Counts how a verification ended: refused (4xx: the ceremony did not prove the user) is a failure,
 * anything else thrown is an error on our side. Bodies refused before verification are not counted.
 */
async function counted<T>(count: (outcome: CeremonyOutcome) => void, verification: Promise<T>): Promise<T> {
  try {
    const result = await verification
    count('success')
    return result
  } catch (error) {
    count(error instanceof ApiError && error.status < 500 ? 'failure' : 'error')
    throw error
  }
}
