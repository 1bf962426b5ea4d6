import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser'
import type { MeResponse, PublicConfig } from '@stratos/schemas'
import { ApiRequestError, NoPrfError } from '../../lib/AppError'
import { api } from '../../lib/api'
import { toChainAddresses } from './chainAddresses'
import { type DerivedVault, deriveVault } from './deriveVault'
import { forgetPasskey } from './forgetPasskey'
import { takePrfOutput, withPrf } from './prf'
import { randomChallenge } from './randomChallenge'

export interface CreateAccountParameters {
  config: PublicConfig
  displayName: string
  /** The one-time admin enrollment token from `/enroll#token=…`. */
  enrollToken?: string | undefined
}

export type CreateAccountReturnType = DerivedVault & { me: MeResponse }

/**
 * The create-account ceremony. Nothing reaches the server before the passkey has proved it gives
 * a PRF value and the addresses are derived: a passkey without PRF leaves no account behind.
 *
 * 1. register/options; 2. create() with PRF; 3. confirm PRF with a get() on the new credential
 * (some platforms report `prf.enabled` at create time and then give no value); 4. derive the
 * vault; 5. register/verify with the six public addresses.
 */
export async function createAccount({
  config,
  displayName,
  enrollToken,
}: CreateAccountParameters): Promise<CreateAccountReturnType> {
  const { challengeId, options } = await api.registerOptions(
    enrollToken ? { displayName, enrollToken } : { displayName },
  )
  const registration = await startRegistration({
    optionsJSON: withPrf(options as unknown as PublicKeyCredentialCreationOptionsJSON),
  })
  // WebAuthn PRF extension §create: `enabled` tells whether the credential supports PRF at all.
  const prfEnabled = registration.clientExtensionResults.prf?.enabled === true
  // Some security keys return a value at create time already; it is never posted.
  takePrfOutput(registration)?.fill(0)
  if (!prfEnabled) {
    forgetPasskey(config.rpId, registration.id)
    throw new NoPrfError()
  }

  const confirmation = await startAuthentication({
    optionsJSON: withPrf<PublicKeyCredentialRequestOptionsJSON>({
      challenge: randomChallenge(),
      allowCredentials: [{ id: registration.id, type: 'public-key' }],
      userVerification: 'required',
      rpId: config.rpId,
      timeout: 120_000,
    }),
  }).catch((error: unknown) => {
    // Cancelled or failed before anything was committed: the new passkey would be an orphan.
    forgetPasskey(config.rpId, registration.id)
    throw error
  })
  const prf = takePrfOutput(confirmation)
  if (!prf) {
    forgetPasskey(config.rpId, registration.id)
    throw new NoPrfError()
  }
  const { vault, derived } = deriveVault(prf)

  try {
    const me = await api.registerVerify({
      challengeId,
      response: registration,
      addresses: toChainAddresses(derived),
    })
    return { me, vault, derived }
  } catch (error) {
    vault.lock()
    // The server refused the account (4xx): the new passkey is an orphan. On a network error the
    // account may exist, so the passkey is kept.
    if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500) {
      forgetPasskey(config.rpId, registration.id)
    }
    throw error
  }
}
