import { broadcastTx } from './broadcastTx.js'
import { isNonceTooLow } from './ChainError.js'
import type { TxSenderContext } from './TxSenderContext.js'

/**
 * Sets the next nonce from the account's `latest` and `pending` transaction counts and the
 * journal's unfinished transactions on this chain; nonces below it that nobody holds (gaps that
 * would block every later transaction of the key) are filled with empty self-transfers. Call it
 * under the sender's lock.
 */
export async function reconcileNonces(context: TxSenderContext): Promise<void> {
  const { chainId, client, account, address, journal, nonces, log } = context
  const [latest, pending, entries] = await Promise.all([
    client.getTransactionCount({ address, blockTag: 'latest' }),
    client.getTransactionCount({ address, blockTag: 'pending' }),
    journal.unfinished(),
  ])
  const held = new Set<number>(nonces.inFlight.keys())
  for (const entry of entries) {
    if (entry.chainId !== chainId || (entry.state !== 'signed' && entry.state !== 'broadcast')) continue
    for (const tx of entry.txs) if (tx.nonce >= latest) held.add(tx.nonce)
  }
  let top = Math.max(pending, nonces.next ?? 0)
  for (const n of held) if (n + 1 > top) top = n + 1
  const gaps: number[] = []
  for (let n = pending; n < top; n++) if (!held.has(n)) gaps.push(n)
  log?.info({ chainId, address, latest, pending, next: top, gaps }, 'nonce reconciled')
  nonces.next = top
  for (const nonce of gaps) {
    const fees = await context.fees()
    const raw = await account.signTransaction({
      chainId,
      type: 'eip1559',
      to: address,
      value: 0n,
      gas: 21_000n,
      nonce,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    })
    try {
      await broadcastTx(client, raw)
      log?.warn({ chainId, nonce }, 'filled a nonce gap with an empty self-transfer')
    } catch (error) {
      if (!isNonceTooLow(error)) throw error
    }
  }
}
