import { type AuthenticatorTransport, generateAuthenticationOptions } from '@simplewebauthn/server'
import {
  type CeremonyOptionsResponse,
  type RouteDefinition,
  routes,
  type StepUpOptionsRequest,
} from '@stratos/schemas'
import type { AppDeps } from '../context.js'
import { createChallenges } from '../passkeys/challenges.js'
import { selectCredentialDescriptors } from '../passkeys/queries.js'
import type { AuthSession } from '../sessions/sessions.js'
import { isAdminKeyCredential, readAdminKeyPolicy } from '../users/adminKeyPolicy.js'
import type { StepUpContext } from './verifyStepUp.js'

/** The actions of admin routes: under the admin key policy only a security key confirms them. */
const ADMIN_ACTIONS = new Set(
  (Object.values(routes) as RouteDefinition[]).filter((r) => r.access === 'admin').map((r) => r.stepUp),
)

/**
 * Options of a step-up for `request.action` on `request.target`: an assertion of one of the
 * session user's own passkeys (`allowCredentials`; for an admin action under the admin key
 * policy, only their security keys that satisfy it), user-verified, answering a single-use
 * challenge (purpose 'step-up') that remembers the user, the action and the target.
 */
export async function stepUpOptions(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock'>,
  session: AuthSession,
  request: StepUpOptionsRequest,
  /** The client address asking, for the bound on its outstanding challenges. */
  client: string | undefined,
): Promise<CeremonyOptionsResponse> {
  let own = await selectCredentialDescriptors(deps.db, session.userId)
  if (ADMIN_ACTIONS.has(request.action) && (await readAdminKeyPolicy(deps.db))) {
    const keys = await Promise.all(own.map((c) => isAdminKeyCredential(deps.db, deps.config, c.id)))
    own = own.filter((_, i) => keys[i])
  }
  const options = await generateAuthenticationOptions({
    rpID: deps.config.rpId,
    allowCredentials: own.map((c) => ({
      id: c.id,
      transports: JSON.parse(c.transports) as AuthenticatorTransport[],
    })),
    userVerification: 'required',
    timeout: deps.config.challengeTtlSeconds * 1000,
  })
  const context: StepUpContext = {
    userId: session.userId,
    action: request.action,
    target: request.target ?? null,
  }
  const challengeId = await createChallenges(deps).store(options.challenge, 'step-up', context, client)
  return { challengeId, options: options as unknown as Record<string, unknown> }
}
