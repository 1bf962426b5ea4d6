import type { DerivedAddresses } from '@stratos/keys'
import type { ChainAddresses } from '@stratos/schemas'

/** The six public addresses the server stores (nothing else from the derivation is sent). */
export function toChainAddresses(derived: DerivedAddresses): ChainAddresses {
  const { evm, solana, bitcoin, tron, ton, canton } = derived
  return { evm, solana, bitcoin, tron, ton, canton }
}

/** Same account? EVM compares case-insensitively (EIP-55 is only a checksum); the rest exactly. */
export function sameAddresses(a: ChainAddresses, b: ChainAddresses): boolean {
  return (
    a.evm.toLowerCase() === b.evm.toLowerCase() &&
    a.solana === b.solana &&
    a.bitcoin === b.bitcoin &&
    a.tron === b.tron &&
    a.ton === b.ton &&
    a.canton === b.canton
  )
}
