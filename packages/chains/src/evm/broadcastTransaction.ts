import type { Hash, Hex, PublicClient } from 'viem'
import { ChainsError } from '../ChainsError.js'

export interface BroadcastTransactionParameters {
  /** Signed, serialized transaction (`0x02…` for EIP-1559). */
  serializedTransaction: Hex
}

/** Transaction hash. */
export type BroadcastTransactionReturnType = Hash

/** Sends a signed transaction to the network (`eth_sendRawTransaction`) and returns its hash. */
export async function broadcastTransaction(
  client: PublicClient,
  { serializedTransaction }: BroadcastTransactionParameters,
): Promise<BroadcastTransactionReturnType> {
  try {
    return await client.sendRawTransaction({ serializedTransaction })
  } catch (cause) {
    const details = cause instanceof Error ? cause.message : String(cause)
    if (/insufficient funds/i.test(details)) {
      throw new ChainsError(
        'INSUFFICIENT_FUNDS',
        'The balance does not cover the amount plus the network fee.',
        {
          details,
          cause,
        },
      )
    }
    throw new ChainsError('RPC_ERROR', 'The EVM node did not accept the transaction.', { details, cause })
  }
}
