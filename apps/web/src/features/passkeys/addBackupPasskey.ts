import { WebAuthnError } from '@simplewebauthn/browser'
import type { Vault } from '@stratos/keys'
import type { MeResponse, PublicConfig } from '@stratos/schemas'
import { ApiRequestError, AppError } from '../../lib/AppError'
import { api } from '../../lib/api'
import { stepUp } from '../../lib/stepUp'
import { createPrfPasskey, forgetPasskey, wrapForNewPasskey } from '../auth'

export interface AddBackupPasskeyParameters {
  config: PublicConfig
  /** The unlocked wallet: its entropy is wrapped for the new passkey, never exposed. */
  vault: Vault
}

/**
 * Adds a backup passkey that opens the same wallet (docs/key-derivation.md, backup passkeys):
 * 1. a passkey.add step-up with one of the user's passkeys (a cookie alone adds nothing);
 * 2. credentials/options (same user, existing passkeys excluded); 3. create the passkey and confirm
 * its PRF (`createPrfPasskey`; `NoPrfError` when it has none); 4. wrap key from its PRF output (PRF
 * zeroed), the vault wraps its entropy under it (wrap key zeroed); 5. credentials/verify with the
 * ciphertext and the step-up. Returns the updated user.
 */
export async function addBackupPasskey({ config, vault }: AddBackupPasskeyParameters): Promise<MeResponse> {
  // First, so that a person who cannot confirm with an existing passkey creates no orphan passkey.
  const proof = await stepUp({ action: 'passkey.add' })
  const { challengeId, options } = await api.addCredentialOptions()
  const { registration, prf } = await createPrfPasskey({ rpId: config.rpId, options }).catch(
    (error: unknown) => {
      // WebAuthn §6.3.2 step 3: the authenticator already holds one of this account's passkeys.
      if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
        throw new AppError(
          'PASSKEY_ALREADY_ADDED',
          'This device or security key already holds a passkey for your wallet. Choose another one for the backup.',
          { cause: error },
        )
      }
      throw error
    },
  )

  // Nothing is committed if wrapping fails (e.g. the wallet locked meanwhile): the passkey is forgotten.
  const wrappedEntropy = await wrapForNewPasskey(config.rpId, registration.id, prf, vault)

  try {
    return await api.addCredentialVerify({
      challengeId,
      response: registration,
      wrappedEntropy,
      stepUp: proof,
    })
  } catch (error) {
    // Refused (4xx): the passkey is an orphan. On a network error it may be stored, so it is kept.
    if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500) {
      forgetPasskey(config.rpId, registration.id)
    }
    throw error
  }
}
