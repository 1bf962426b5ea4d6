import type { Hex } from 'viem'
import type { CantonIntent } from '../types.js'

/** `n` as a bytes32 hex string (distinct ids for tests). */
export const hex32 = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`

/** A well-formed journal intent with id `hex32(n)`; `overrides` replace fields. */
export function sampleIntent(n: number, overrides: Partial<CantonIntent> = {}): CantonIntent {
  return {
    contractId: `00contract${n}`,
    institution: 'institution::1220aa',
    operator: 'operator::1220bb',
    intentId: hex32(n),
    vaultId: hex32(0xabc),
    chainId: 31337,
    vault: '0x00000000000000000000000000000000000000aa',
    adapter: '0x00000000000000000000000000000000000000bb',
    callData: '0x617ba037',
    value: 0n,
    nonce: BigInt(n),
    deadline: 1_900_000_000n,
    regulator: null,
    ...overrides,
  }
}
