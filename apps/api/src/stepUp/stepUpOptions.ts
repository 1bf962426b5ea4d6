import { type AuthenticatorTransport, generateAuthenticationOptions } from '@simplewebauthn/server'
import type { CeremonyOptionsResponse, StepUpOptionsRequest } from '@stratos/schemas'
import type { AppDeps } from '../context.js'
import { createChallenges } from '../passkeys/challenges.js'
import { selectCredentialDescriptors } from '../passkeys/queries.js'
import type { AuthSession } from '../sessions/sessions.js'
import type { StepUpContext } from './verifyStepUp.js'

/**
 * Options of a step-up for `request.action` on `request.target`: an assertion of one of the
 * session user's own passkeys (`allowCredentials`), user-verified, answering a single-use
 * challenge (purpose 'step-up') that remembers the user, the action and the target.
 */
export async function stepUpOptions(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock'>,
  session: AuthSession,
  request: StepUpOptionsRequest,
  /** The client address asking, for the bound on its outstanding challenges. */
  client: string | undefined,
): Promise<CeremonyOptionsResponse> {
  const own = await selectCredentialDescriptors(deps.db, session.userId)
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
