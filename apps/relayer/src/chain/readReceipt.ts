import type { Hex, PublicClient, TransactionReceipt } from 'viem'

/** The transaction's receipt, or undefined while it is not mined. */
export async function readReceipt(client: PublicClient, hash: Hex): Promise<TransactionReceipt | undefined> {
  try {
    return await client.getTransactionReceipt({ hash })
  } catch (error) {
    if ((error as Error).name === 'TransactionReceiptNotFoundError') return undefined
    throw error
  }
}
