import type { Address, Hex } from 'viem'

/**
 * EIP-712 types of `CantonDeFiVault.Intent`, for viem `signTypedData` / `hashTypedData` with
 * `primaryType: 'Intent'` and the domain from `intentDomain`. Field order and types match the vault's
 * typehash `Intent(bytes32 vaultId,bytes32 intentId,uint256 nonce,address adapter,bytes data,uint256 value,uint256 deadline)`.
 */
export const INTENT_TYPES = {
  Intent: [
    { name: 'vaultId', type: 'bytes32' },
    { name: 'intentId', type: 'bytes32' },
    { name: 'nonce', type: 'uint256' },
    { name: 'adapter', type: 'address' },
    { name: 'data', type: 'bytes' },
    { name: 'value', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const

/** One intent as the vault's `execute` and `hashIntent` take it. */
export interface Intent {
  /** `vault.vaultId()`: binds chain id, vault address and party. */
  vaultId: Hex
  /** Unique per intent (bytes32, chosen by the institution); the vault runs each id once. */
  intentId: Hex
  nonce: bigint
  /** A whitelisted adapter. */
  adapter: Address
  /** Adapter calldata, e.g. from `encodeAdapterCall`. */
  data: Hex
  /** Wei the relayer attaches to `execute` (the vault requires msg.value == value). */
  value: bigint
  /** Unix seconds; the intent runs while block.timestamp <= deadline. */
  deadline: bigint
}
