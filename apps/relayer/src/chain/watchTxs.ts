import type { Hex, TransactionReceipt } from 'viem'
import type { JournalTx } from '../types.js'
import { messageOf } from '../utils/messageOf.js'
import { broadcastTx } from './broadcastTx.js'
import { bumpTx } from './bumpTx.js'
import { isNonceTooLow, throwIfAborted } from './ChainError.js'
import { readReceipt } from './readReceipt.js'
import { reconcileNonces } from './reconcileNonces.js'
import type { SendOutcome, TxSenderContext } from './TxSenderContext.js'
import { waitForConfirmations } from './waitForConfirmations.js'

export interface WatchTxsParameters {
  intentId: Hex
  /** Every transaction kept for the intent (all share one nonce); the newest is rebroadcast or bumped. */
  txs: readonly JournalTx[]
  /**
   * A takeover: the transactions come from the journal, not from a send of this sender, so the
   * receipts of every hash, the nonce and the node's pool are checked first.
   */
  resume: boolean
  signal?: AbortSignal | undefined
}

/**
 * Watches an intent's transactions until one is mined to the confirmation depth or their nonce
 * is taken by another transaction; re-signs with higher fees (`bumpTx`) each time the newest has
 * stalled for `feeBumpAfterMs`, reconciling nonces when a gap below it or "nonce too low" shows.
 */
export async function watchTxs(
  context: TxSenderContext,
  parameters: WatchTxsParameters,
): Promise<SendOutcome> {
  const { chainId, client, address, heads, nonces, log, onBroadcast, feeBumpAfterMs, pollIntervalMs } =
    context
  const { intentId, resume, signal } = parameters
  const { watched } = heads
  const txs = [...parameters.txs].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())
  let last = txs.at(-1)
  if (!last) throw new Error(`intent ${intentId}: no transaction to watch`)
  for (const tx of txs) if (!watched.has(tx.hash)) watched.set(tx.hash, undefined)
  nonces.inFlight.set(last.nonce, last.hash)
  let lastSentAt = last.sentAt.getTime()
  let directCheck = resume
  let lastDirectAt = Date.now()

  const firstReceipt = async (hashes: readonly Hex[]): Promise<TransactionReceipt | undefined> => {
    for (const hash of hashes) {
      const receipt = await readReceipt(client, hash)
      if (receipt) return receipt
    }
    return undefined
  }

  try {
    if (resume) {
      // Takeover: the receipts of every kept hash first, then whether the nonce went elsewhere,
      // then whether the node still holds one of them; if not, the newest raw tx is sent unchanged.
      const receipt = await firstReceipt(txs.map((t) => t.hash).reverse())
      if (!receipt) {
        const latest = await client.getTransactionCount({ address, blockTag: 'latest' })
        const newest = last
        if (latest > newest.nonce) {
          if (!(await firstReceipt(txs.map((t) => t.hash))))
            return { status: 'nonce-consumed', nonce: newest.nonce }
        } else {
          const known = await Promise.all(
            txs.filter((t) => t.nonce === newest.nonce).map((t) => isKnownToNode(context, t.hash)),
          )
          if (!known.some(Boolean)) {
            log?.info(
              { chainId, intentId, hash: newest.hash, nonce: newest.nonce },
              'rebroadcasting kept transaction',
            )
            try {
              await broadcastTx(client, newest.raw)
              onBroadcast(intentId, newest, 'rebroadcast')
            } catch (error) {
              log?.warn({ chainId, intentId, hash: newest.hash, err: messageOf(error) }, 'rebroadcast failed')
            }
            lastSentAt = Date.now()
          }
        }
      }
    }
    for (;;) {
      throwIfAborted(signal)
      const hashes = txs.map((t) => t.hash).reverse()
      const seen = hashes.filter((h) => watched.get(h) !== undefined)
      // The head poller finds our hashes in new blocks; a direct read now and then covers
      // blocks it skipped (long outages, more than 64 blocks at once).
      if (Date.now() - lastDirectAt >= pollIntervalMs * 10) directCheck = true
      if (directCheck) lastDirectAt = Date.now()
      const receipt = await firstReceipt(directCheck ? hashes : seen)
      directCheck = false
      if (receipt) {
        const confirmed = await waitForConfirmations(context, receipt.transactionHash, signal)
        if (confirmed) return { status: 'mined', hash: confirmed.transactionHash, receipt: confirmed }
        watched.set(receipt.transactionHash, undefined)
        continue
      }
      if (Date.now() - lastSentAt >= feeBumpAfterMs) {
        const latest = await client.getTransactionCount({ address, blockTag: 'latest' })
        if (latest > last.nonce) {
          // Ours may have been mined between the receipt read and the count: read once more.
          if (await firstReceipt(hashes)) {
            directCheck = true
            continue
          }
          return { status: 'nonce-consumed', nonce: last.nonce }
        }
        const pending = await client.getTransactionCount({ address, blockTag: 'pending' })
        if (pending < last.nonce) {
          log?.warn(
            { chainId, intentId, nonce: last.nonce, pending },
            'nonce gap below a stalled transaction',
          )
          await context.locked(() => reconcileNonces(context))
        }
        last = await bumpTx(context, intentId, last)
        txs.push(last)
        watched.set(last.hash, undefined)
        nonces.inFlight.set(last.nonce, last.hash)
        try {
          await broadcastTx(client, last.raw)
          onBroadcast(intentId, last, 'fee-bump')
        } catch (error) {
          log?.warn({ chainId, intentId, hash: last.hash, err: messageOf(error) }, 'broadcast failed')
          if (isNonceTooLow(error)) {
            directCheck = true
            await context.locked(() => reconcileNonces(context)).catch(() => undefined)
          }
        }
        lastSentAt = Date.now()
        // Every earlier hash may still be mined: all are checked directly next round.
        directCheck = true
        continue
      }
      await heads.nextHead(Math.min(pollIntervalMs * 4, Math.max(50, feeBumpAfterMs)), signal)
    }
  } finally {
    for (const tx of txs) watched.delete(tx.hash)
    if (nonces.inFlight.get(last.nonce) === last.hash) nonces.inFlight.delete(last.nonce)
  }
}

async function isKnownToNode({ client }: TxSenderContext, hash: Hex): Promise<boolean> {
  try {
    await client.getTransaction({ hash })
    return true
  } catch (error) {
    if ((error as Error).name === 'TransactionNotFoundError') return false
    throw error
  }
}
