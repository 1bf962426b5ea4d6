import { z } from 'zod'
import { AuthenticationResponseJSON } from './auth.js'

/**
 * The security-sensitive changes that need a step-up: a fresh, user-verified assertion of one of
 * the user's own passkeys, made for that action (and target) alone. A session cookie is not
 * enough for these: whoever steals one must not be able to take the account over.
 */
export const STEP_UP_ACTIONS = [
  'passkey.add',
  'passkey.remove',
  'passkey.rename',
  'user.role',
  'user.disable',
  'recovery.settings',
] as const
export const StepUpAction = z.enum(STEP_UP_ACTIONS)
export type StepUpAction = z.infer<typeof StepUpAction>

/**
 * POST /api/step-up/options. `target` names what the action changes (a credential id for
 * passkey.remove and passkey.rename, a user id for user.role); a step-up made for one target is
 * refused for any other.
 */
export const StepUpOptionsRequest = z
  .object({
    action: StepUpAction,
    target: z.string().min(1).max(256).exactOptional(),
  })
  .strict()
export type StepUpOptionsRequest = z.infer<typeof StepUpOptionsRequest>

/**
 * The step-up carried in the body of the sensitive request: the challenge id of the step-up
 * options and the passkey's answer to them. Consumed by the change it authorizes, whatever its
 * outcome.
 */
export const StepUpProof = z.object({
  challengeId: z.string().min(1),
  response: AuthenticationResponseJSON,
})
export type StepUpProof = z.infer<typeof StepUpProof>
