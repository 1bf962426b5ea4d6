import { z } from 'zod'
import { RegistrationResponseJSON } from './auth.js'
import { WrappedEntropy } from './wrappedEntropy.js'

/** POST /api/me/credentials/options (an empty body): start adding a backup passkey. */
export const AddCredentialOptionsRequest = z.object({}).strict()

/**
 * POST /api/me/credentials/verify. The browser created the backup passkey, confirmed PRF with a
 * get(), and wrapped the entropy of the unlocked wallet under the new passkey's wrap key.
 * `response.clientExtensionResults.prf.results` must be stripped.
 */
export const AddCredentialVerifyRequest = z.object({
  challengeId: z.string().min(1),
  response: RegistrationResponseJSON,
  wrappedEntropy: WrappedEntropy,
})
export type AddCredentialVerifyRequest = z.infer<typeof AddCredentialVerifyRequest>
