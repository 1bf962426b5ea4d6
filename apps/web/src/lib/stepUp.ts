import { type PublicKeyCredentialRequestOptionsJSON, startAuthentication } from '@simplewebauthn/browser'
import type { StepUpAction, StepUpProof } from '@stratos/schemas'
import { api } from './api'

/**
 * A step-up for one security-sensitive change: the server's options name the user's own
 * passkeys, the person confirms with one of them (user verification), and the answer goes into
 * the body of the change as `stepUp`. The server accepts it once, for this action and target only.
 */
export async function stepUp(scope: { action: StepUpAction; target?: string }): Promise<StepUpProof> {
  const { challengeId, options } = await api.stepUpOptions(scope)
  const response = await startAuthentication({
    optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
  })
  return { challengeId, response: response as StepUpProof['response'] }
}
