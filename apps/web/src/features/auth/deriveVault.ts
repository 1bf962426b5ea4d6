import { type DerivedAddresses, Vault } from '@stratos/keys'

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
