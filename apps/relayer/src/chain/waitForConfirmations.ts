import type { Hex, TransactionReceipt } from 'viem'
import { throwIfAborted } from './ChainError.js'
import { readReceipt } from './readReceipt.js'
import type { TxSenderContext } from './TxSenderContext.js'

/**
 * Waits until a mined transaction (any sender's) has the sender's confirmation depth and returns
 * its receipt read again at that depth; undefined when it is not mined or a reorg dropped it.
 */
export async function waitForConfirmations(
  { client, confirmations, heads, pollIntervalMs }: TxSenderContext,
  hash: Hex,
  signal?: AbortSignal,
): Promise<TransactionReceipt | undefined> {
  let receipt = await readReceipt(client, hash)
  while (receipt) {
    throwIfAborted(signal)
    const current = heads.head() ?? (await client.getBlockNumber({ cacheTime: 0 }))
    if (current >= receipt.blockNumber + BigInt(confirmations - 1)) {
      // Read it again at depth: a reorg may have moved or dropped it.
      const again = await readReceipt(client, hash)
      if (again && again.blockHash === receipt.blockHash) return again
      receipt = again
      continue
    }
    await heads.nextHead(pollIntervalMs * 4, signal)
  }
  return undefined
}
