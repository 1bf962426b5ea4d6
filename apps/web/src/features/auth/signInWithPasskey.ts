import { type PublicKeyCredentialRequestOptionsJSON, startAuthentication } from '@simplewebauthn/browser'
import type { MeResponse } from '@stratos/schemas'
import { NoPrfError } from '../../lib/AppError'
import { api } from '../../lib/api'
import { AddressMismatchError } from './AddressMismatchError'
import { sameAddresses, toChainAddresses } from './chainAddresses'
import { type DerivedVault, deriveVault, unwrapVault } from './deriveVault'
import { takePrfOutput, withPrf } from './prf'
import { UnwrapFailedError } from './UnwrapFailedError'

export type SignInWithPasskeyReturnType = DerivedVault & { me: MeResponse }

/**
 * The sign-in (and unlock) ceremony with a discoverable passkey: one get() gives both the login
 * assertion and the PRF value. The PRF value is taken out of the response before it is posted.
 * The server's answer says how this passkey opens the wallet: its PRF output defines the entropy
 * (the first passkey), or unwraps the entropy stored for it (a backup passkey).
 * Throws `NoPrfError` before anything reaches the server when the passkey has no PRF, and
 * `AddressMismatchError` / `UnwrapFailedError` (with the session's user) when it cannot open the
 * wallet of this account.
 */
export async function signInWithPasskey(): Promise<SignInWithPasskeyReturnType> {
  const { challengeId, options } = await api.loginOptions()
  const assertion = await startAuthentication({
    optionsJSON: withPrf(options as unknown as PublicKeyCredentialRequestOptionsJSON),
  })
  const prf = takePrfOutput(assertion)
  if (!prf) throw new NoPrfError()

  let login: Awaited<ReturnType<typeof api.loginVerify>>
  try {
    login = await api.loginVerify({ challengeId, response: assertion })
  } catch (error) {
    prf.fill(0)
    throw error
  }
  const { unlock, ...signedIn } = login
  let me: MeResponse = signedIn
  let opened: DerivedVault
  if (unlock.wrappedEntropy) {
    try {
      opened = await unwrapVault(prf, unlock.wrappedEntropy)
    } catch (cause) {
      throw new UnwrapFailedError(me, { cause })
    }
  } else {
    opened = deriveVault(prf)
  }
  const { vault, derived } = opened

  try {
    const addresses = toChainAddresses(derived)
    if (!me.addresses) {
      // First unlock after an account was created without addresses: register them now.
      await api.putAddresses(addresses)
      me = { ...me, addresses }
    } else if (!sameAddresses(me.addresses, addresses)) {
      throw new AddressMismatchError(me)
    }
    return { me, vault, derived }
  } catch (error) {
    vault.lock()
    throw error
  }
}
