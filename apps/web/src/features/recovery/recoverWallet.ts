import { type DerivedAddresses, RecoveryKey, type Vault } from '@stratos/keys'
import type {
  MeResponse,
  PublicConfig,
  RecoveryStatusResponse,
  StartRecoveryResponse,
} from '@stratos/schemas'
import { ApiRequestError, AppError } from '../../lib/AppError'
import { api } from '../../lib/api'
import { createPrfPasskey, forgetPasskey, sameAddresses, wrapForNewPasskey } from '../auth'

/** A recovery this device started: its one-time key stays in memory only, with the request's token. */
export interface StartedRecovery {
  key: RecoveryKey
  request: StartRecoveryResponse
}

/** Starts a recovery of `account` (display name or account id) with a fresh one-time key. */
export async function startRecovery(account: string): Promise<StartedRecovery> {
  const key = RecoveryKey.generate()
  try {
    const request = await api.recovery.start({ account, ephemeralPublicKey: key.publicKey })
    return { key, request }
  } catch (error) {
    key.destroy()
    throw error
  }
}

/**
 * Combines the re-sealed shares of an approved recovery and checks the wallet they rebuild against
 * the account's addresses. Refuses (and locks the vault) when they differ: Shamir gives some other
 * key from too few or wrong shares, never an error.
 */
export async function openRecoveredVault(
  started: StartedRecovery,
  status: RecoveryStatusResponse,
): Promise<{ vault: Vault; derived: DerivedAddresses }> {
  if (!status.addresses || status.shares.length < status.threshold)
    throw new AppError('RECOVERY_NOT_APPROVED', 'Not enough guardians have approved yet.')
  const vault = await started.key.openVault({
    recoveryId: started.request.id,
    userId: started.request.user.id,
    shares: status.shares,
  })
  const derived = vault.addresses()
  if (!sameAddresses(derived, status.addresses)) {
    vault.lock()
    throw new AppError(
      'ADDRESS_MISMATCH',
      'The guardians’ pieces do not rebuild this account’s wallet. Nothing was changed; start again.',
    )
  }
  return { vault, derived }
}

/**
 * Creates this device's passkey for the account (same WebAuthn user), wraps the recovered entropy
 * under its PRF output like a backup passkey, and finishes the recovery, which signs in.
 */
export async function finishRecovery(
  config: PublicConfig,
  started: StartedRecovery,
  vault: Vault,
  derived: DerivedAddresses,
): Promise<MeResponse> {
  const { id, token } = started.request
  const { challengeId, options } = await api.recovery.passkeyOptions(id, token)
  const { registration, prf } = await createPrfPasskey({ rpId: config.rpId, options })
  const wrappedEntropy = await wrapForNewPasskey(config.rpId, registration.id, prf, vault)
  const { evm, solana, bitcoin, tron, ton, canton } = derived
  try {
    const me = await api.recovery.passkeyVerify(id, {
      token,
      challengeId,
      response: registration,
      wrappedEntropy,
      addresses: { evm, solana, bitcoin, tron, ton, canton },
    })
    started.key.destroy()
    return me
  } catch (error) {
    if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500)
      forgetPasskey(config.rpId, registration.id)
    throw error
  }
}
