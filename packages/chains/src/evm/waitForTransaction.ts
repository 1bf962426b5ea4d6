import type { Hash, PublicClient, TransactionReceipt } from 'viem'
import { ChainsError } from '../ChainsError.js'

export interface WaitForTransactionParameters {
  hash: Hash
  /** Give up after this many milliseconds (default 120 000). */
  timeoutMs?: number
  /** Block confirmations to wait for (default 1). */
  confirmations?: number
}

export interface WaitForTransactionReturnType {
  receipt: TransactionReceipt
  /** Fee actually paid, in wei: `gasUsed * effectiveGasPrice`. */
  fee: bigint
}

/**
 * Waits until the transaction is mined. Throws `TRANSACTION_REVERTED` when it was mined but
 * failed (the fee is still paid), and `RPC_ERROR` when it did not appear in time.
 */
export async function waitForTransaction(
  client: PublicClient,
  { hash, timeoutMs = 120_000, confirmations = 1 }: WaitForTransactionParameters,
): Promise<WaitForTransactionReturnType> {
  let receipt: TransactionReceipt
  try {
    receipt = await client.waitForTransactionReceipt({ hash, timeout: timeoutMs, confirmations })
  } catch (cause) {
    throw new ChainsError('RPC_ERROR', `Transaction ${hash} was not confirmed in time.`, {
      details: cause instanceof Error ? cause.message : String(cause),
      cause,
    })
  }
  const fee = receipt.gasUsed * receipt.effectiveGasPrice
  if (receipt.status !== 'success') {
    throw new ChainsError('TRANSACTION_REVERTED', `Transaction ${hash} failed on chain (reverted).`)
  }
  return { receipt, fee }
}
