import { deriveWrapKey, type Vault, type WrappedEntropy } from '@stratos/keys'
import { forgetPasskey } from './forgetPasskey'

/**
 * Wraps the open wallet's entropy under the PRF output of a passkey just created (a backup
 * passkey, or a recovered account's new one). The PRF output and the wrap key are zeroed
 * whatever happens; if wrapping fails nothing will be committed for the passkey, so the browser's
 * passkey manager is told to forget it.
 */
export async function wrapForNewPasskey(
  rpId: string,
  credentialId: string,
  prf: Uint8Array,
  vault: Vault,
): Promise<WrappedEntropy> {
  let wrapKey: Uint8Array | undefined
  try {
    wrapKey = deriveWrapKey(prf)
    prf.fill(0)
    return await vault.wrapEntropy(wrapKey)
  } catch (error) {
    forgetPasskey(rpId, credentialId)
    throw error
  } finally {
    prf.fill(0)
    wrapKey?.fill(0)
  }
}
