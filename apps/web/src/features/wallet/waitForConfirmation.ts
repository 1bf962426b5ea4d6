import type { ChainAdapter, TransactionStatus } from '@stratos/chains'

/** How often the status is asked while a transfer is pending, and for how long at most. */
const POLL_MS = 2_000
const GIVE_UP_MS = 10 * 60_000

/**
 * Asks the chain for `txId`'s status until it is confirmed or failed. After ten minutes still
 * pending, returns pending: the transfer stays in the history, marked pending, until it settles.
 * `signal` stops the polling (the card closed).
 */
export async function waitForConfirmation(
  adapter: ChainAdapter,
  txId: string,
  signal?: AbortSignal,
): Promise<TransactionStatus> {
  const deadline = Date.now() + GIVE_UP_MS
  for (;;) {
    const status = await adapter.getTransactionStatus(txId)
    if (status.state !== 'pending' || Date.now() > deadline || signal?.aborted) return status
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}
