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
  'recovery.settings',
  // Every change an admin makes (the admin routes other than reads).
  'user.role',
  'user.disable',
  'user.enable',
  'user.sessions.revoke',
  'invite.create',
  'invite.revoke',
  'settings.users',
  'canton.connection',
  'canton.dar.upload',
  'canton.party.allocate',
  'canton.user.rights.grant',
  'canton.user.rights.revoke',
  'defi.vault.register',
  'defi.vault.remove',
  'branding.update',
  'branding.logo.upload',
  'branding.logo.remove',
  'settings.prices',
  'network.add',
  'network.update',
  'network.remove',
  'network.reorder',
  'token.add',
  'token.update',
  'token.remove',
  'token.reorder',
  'dock.app.add',
  'dock.app.update',
  'dock.app.remove',
  'dock.order',
] as const
export const StepUpAction = z.enum(STEP_UP_ACTIONS)
export type StepUpAction = z.infer<typeof StepUpAction>

/**
 * POST /api/step-up/options. `target` names what the action changes (a credential id for
 * passkey.remove and passkey.rename; for a route that declares its step-up, the value of its path
 * parameter, e.g. the user id of user.role); a step-up made for one target is refused for any other.
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

/**
 * The request header that carries the step-up of a route whose contract declares one (`stepUp`
 * in `defineRoute`): the `StepUpProof` as JSON, base64url-encoded. A header, not a body field, so
 * that every such route takes it the same way, a file upload and a bodiless POST included.
 */
export const STEP_UP_HEADER = 'Stratos-Step-Up'

/** The `Stratos-Step-Up` header value of a proof. */
export function encodeStepUpHeader(proof: StepUpProof): string {
  return btoa(JSON.stringify(proof)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * The JSON a `Stratos-Step-Up` header value carries, or undefined when it is not base64url of JSON
 * (the caller validates the shape with `StepUpProof`).
 */
export function decodeStepUpHeader(value: string): unknown {
  if (!/^[A-Za-z0-9_-]{1,16384}$/.test(value)) return undefined
  try {
    return JSON.parse(atob(value.replace(/-/g, '+').replace(/_/g, '/')))
  } catch {
    return undefined
  }
}
