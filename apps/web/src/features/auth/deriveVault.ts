import { type DerivedAddresses, deriveWrapKey, Vault } from '@stratos/keys'
import type { WrappedEntropy } from '@stratos/schemas'

export interface DerivedVault {
  vault: Vault
  derived: DerivedAddresses
}

/**
 * Derives the vault from a PRF output and zeroes the PRF bytes at once, whatever happens: the
 * vault keeps only what it needs, and nothing here is ever logged.
 */
export function deriveVault(prf: Uint8Array): DerivedVault {
  let vault: Vault | undefined
  try {
    vault = Vault.fromPrf(prf)
    return { vault, derived: vault.addresses() }
  } catch (error) {
    vault?.lock()
    throw error
  } finally {
    prf.fill(0)
  }
}

/**
 * Opens the vault with a backup passkey: its PRF output gives the wrap key (the PRF bytes are
 * zeroed at once), which unwraps the entropy the server kept for this passkey. The wrap key is
 * zeroed too, whatever happens. Rejects with `KeysError` `UNWRAP_FAILED` when it does not open.
 */
export async function unwrapVault(prf: Uint8Array, wrapped: WrappedEntropy): Promise<DerivedVault> {
  let wrapKey: Uint8Array
  try {
    wrapKey = deriveWrapKey(prf)
  } finally {
    prf.fill(0)
  }
  let vault: Vault | undefined
  try {
    vault = await Vault.fromWrappedEntropy(wrapped, wrapKey)
    return { vault, derived: vault.addresses() }
  } catch (error) {
    vault?.lock()
    throw error
  } finally {
    wrapKey.fill(0)
  }
}
