import type { MeResponse, PublicConfig } from '@stratos/schemas'
import { ApiRequestError } from '../../lib/AppError'
import { api } from '../../lib/api'
import { toChainAddresses } from './chainAddresses'
import { createPrfPasskey } from './createPrfPasskey'
import { type DerivedVault, deriveVault } from './deriveVault'
import { forgetPasskey } from './forgetPasskey'

export interface CreateAccountParameters {
  config: PublicConfig
  displayName: string
  /** The one-time admin enrollment token from `/enroll#token=…`. */
  enrollToken?: string | undefined
  /** The token of an admin's invite link, from `/enroll#invite=…`. */
  inviteToken?: string | undefined
}

export type CreateAccountReturnType = DerivedVault & { me: MeResponse }

/**
 * The create-account ceremony. Nothing reaches the server before the passkey has proved it gives
 * a PRF value and the addresses are derived: a passkey without PRF leaves no account behind.
 *
 * 1. register/options; 2. create() with PRF and confirm PRF with a get() (`createPrfPasskey`);
 * 3. derive the vault; 4. register/verify with the six public addresses.
 */
export async function createAccount({
  config,
  displayName,
  enrollToken,
  inviteToken,
}: CreateAccountParameters): Promise<CreateAccountReturnType> {
  const { challengeId, options } = await api.registerOptions({
    displayName,
    ...(enrollToken ? { enrollToken } : {}),
    ...(inviteToken ? { inviteToken } : {}),
  })
  const { registration, prf } = await createPrfPasskey({ rpId: config.rpId, options })
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
