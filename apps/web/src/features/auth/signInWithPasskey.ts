import { type PublicKeyCredentialRequestOptionsJSON, startAuthentication } from '@simplewebauthn/browser'
import type { MeResponse } from '@stratos/schemas'
import { NoPrfError } from '../../lib/AppError'
import { api } from '../../lib/api'
import { AddressMismatchError } from './AddressMismatchError'
import { sameAddresses, toChainAddresses } from './chainAddresses'
import { type DerivedVault, deriveVault } from './deriveVault'
import { takePrfOutput, withPrf } from './prf'

export type SignInWithPasskeyReturnType = DerivedVault & { me: MeResponse }

/**
 * The sign-in (and unlock) ceremony with a discoverable passkey: one get() gives both the login
 * assertion and the PRF value. The PRF value is taken out of the response before it is posted.
 * Throws `NoPrfError` before anything reaches the server when the passkey has no PRF, and
 * `AddressMismatchError` (with the session's user) when it derives another wallet.
 */
export async function signInWithPasskey(): Promise<SignInWithPasskeyReturnType> {
  const { challengeId, options } = await api.loginOptions()
  const assertion = await startAuthentication({
    optionsJSON: withPrf(options as unknown as PublicKeyCredentialRequestOptionsJSON),
  })
  const prf = takePrfOutput(assertion)
  if (!prf) throw new NoPrfError()
  const { vault, derived } = deriveVault(prf)

  try {
    let me = await api.loginVerify({ challengeId, response: assertion })
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
