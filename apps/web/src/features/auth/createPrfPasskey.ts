import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser'
import { NoPrfError } from '../../lib/AppError'
import { forgetPasskey } from './forgetPasskey'
import { takePrfOutput, withPrf } from './prf'
import { randomChallenge } from './randomChallenge'

export interface CreatePrfPasskeyParameters {
  rpId: string
  /** Creation options from the server (create account, or add a backup passkey). */
  options: Record<string, unknown>
}

export interface CreatePrfPasskeyReturnType {
  /** The registration response to post; its PRF results are already stripped. */
  registration: RegistrationResponseJSON
  /** The new passkey's PRF output. The caller zeroes it. */
  prf: Uint8Array
}

/**
 * Creates a passkey and proves that it gives a PRF value, before anything is committed:
 * 1. create() with the PRF salt; 2. confirm PRF with a get() on the new credential (some platforms
 * report `prf.enabled` at create time and then give no value). Throws `NoPrfError` when it has no
 * PRF; on any failure here the new passkey is forgotten. Once this returns, the caller commits the
 * passkey, or forgets it (`forgetPasskey`) when the server refuses it.
 */
export async function createPrfPasskey({
  rpId,
  options,
}: CreatePrfPasskeyParameters): Promise<CreatePrfPasskeyReturnType> {
  const registration = await startRegistration({
    optionsJSON: withPrf(options as unknown as PublicKeyCredentialCreationOptionsJSON),
  })
  // WebAuthn PRF extension §create: `enabled` tells whether the credential supports PRF at all.
  const prfEnabled = registration.clientExtensionResults.prf?.enabled === true
  // Some security keys return a value at create time already; it is never posted.
  takePrfOutput(registration)?.fill(0)
  if (!prfEnabled) {
    forgetPasskey(rpId, registration.id)
    throw new NoPrfError()
  }

  const confirmation = await startAuthentication({
    optionsJSON: withPrf<PublicKeyCredentialRequestOptionsJSON>({
      challenge: randomChallenge(),
      allowCredentials: [{ id: registration.id, type: 'public-key' }],
      userVerification: 'required',
      rpId,
      timeout: 120_000,
    }),
  }).catch((error: unknown) => {
    // Cancelled or failed before anything was committed: the new passkey would be an orphan.
    forgetPasskey(rpId, registration.id)
    throw error
  })
  const prf = takePrfOutput(confirmation)
  if (!prf) {
    forgetPasskey(rpId, registration.id)
    throw new NoPrfError()
  }
  return { registration, prf }
}
