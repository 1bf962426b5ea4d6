import type { Address, Hex } from 'viem'

/**
 * An unsigned EIP-1559 transaction, in the shape `@stratos/keys` signs
 * (`Vault.signEvmTransaction`). Every field is fixed before signing: what the person reviewed
 * is what gets signed.
 */
export interface EvmTransaction {
  chainId: number
  nonce: number
  to: Address
  value: bigint
  gas: bigint
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
  data?: Hex
}
