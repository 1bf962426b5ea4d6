import { z } from 'zod'
import { RegistrationResponseJSON } from './auth.js'
import { StepUpProof } from './stepUp.js'
import { WrappedEntropy } from './wrappedEntropy.js'

/** POST /api/me/credentials/options (an empty body): start adding a backup passkey. */
export const AddCredentialOptionsRequest = z.object({}).strict()

/**
 * POST /api/me/credentials/verify. The browser created the backup passkey, confirmed PRF with a
 * get(), and wrapped the entropy of the unlocked wallet under the new passkey's wrap key.
 * `response.clientExtensionResults.prf.results` must be stripped. `stepUp` (action passkey.add)
 * is required: without it the API answers 403 STEP_UP_REQUIRED.
 */
export const AddCredentialVerifyRequest = z.object({
  challengeId: z.string().min(1),
  response: RegistrationResponseJSON,
  wrappedEntropy: WrappedEntropy,
  stepUp: StepUpProof.exactOptional(),
})
export type AddCredentialVerifyRequest = z.infer<typeof AddCredentialVerifyRequest>

/**
 * Control characters (Cc), line and paragraph separators, and the bidirectional formatting
 * characters (Unicode TR9: LRM, RLM, ALM, LRE..RLO, LRI..PDI), which could make a name display
 * as something else than what it is.
 */
const UNSAFE_NAME_CHARACTERS = /[\p{Cc}\u2028\u2029\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/u

/** A name the user gives one of their passkeys ("Work laptop"). */
export const PasskeyName = z
  .string()
  .trim()
  .min(1, 'name: at least one character (or null to clear it)')
  .max(64, 'name: at most 64 characters')
  .refine((name) => !UNSAFE_NAME_CHARACTERS.test(name), {
    message: 'name: control and bidirectional formatting characters are not allowed',
  })

/** PATCH /api/me/credentials/:id: rename a passkey (null clears the name). Needs a passkey.rename step-up. */
export const RenameCredentialRequest = z
  .object({
    name: PasskeyName.nullable(),
    stepUp: StepUpProof.exactOptional(),
  })
  .strict()
export type RenameCredentialRequest = z.infer<typeof RenameCredentialRequest>

/** DELETE /api/me/credentials/:id: remove a passkey. Needs a passkey.remove step-up. */
export const RemoveCredentialRequest = z.object({ stepUp: StepUpProof.exactOptional() }).strict()
export type RemoveCredentialRequest = z.infer<typeof RemoveCredentialRequest>
