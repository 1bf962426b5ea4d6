import { hexToBigInt } from 'viem'
import { ChainsError } from '../ChainsError.js'
import type { EvmRpc } from './createEvmRpc.js'

export interface EstimateEvmFeesReturnType {
  /** Base fee of the latest block, wei per gas. */
  baseFeePerGas: bigint
  /** Tip to the block producer, wei per gas (`eth_maxPriorityFeePerGas`). */
  maxPriorityFeePerGas: bigint
  /** `2 * baseFeePerGas + maxPriorityFeePerGas`: the most paid per gas. */
  maxFeePerGas: bigint
}

/**
 * EIP-1559 fees from the latest block's base fee and the node's suggested tip. The cap is twice
 * the base fee plus the tip: the base fee grows at most 12.5% a block (EIP-1559 §"Specification",
 * BASE_FEE_MAX_CHANGE_DENOMINATOR = 8), so the transaction stays includable through six full
 * blocks in a row, and only what the block actually charges is paid.
 */
export async function estimateEvmFees(rpc: EvmRpc): Promise<EstimateEvmFeesReturnType> {
  const [block, tip] = await Promise.all([
    rpc.request<{ baseFeePerGas?: `0x${string}` } | null>(
      'eth_getBlockByNumber',
      ['latest', false],
      'read the latest block',
    ),
    rpc.request<`0x${string}`>('eth_maxPriorityFeePerGas', [], 'read the priority fee'),
  ])
  if (!block?.baseFeePerGas) {
    throw new ChainsError(
      'RPC_ERROR',
      'This EVM network does not report an EIP-1559 base fee; Stratos sends EIP-1559 transactions only.',
    )
  }
  const baseFeePerGas = hexToBigInt(block.baseFeePerGas)
  const maxPriorityFeePerGas = hexToBigInt(tip)
  return { baseFeePerGas, maxPriorityFeePerGas, maxFeePerGas: 2n * baseFeePerGas + maxPriorityFeePerGas }
}
