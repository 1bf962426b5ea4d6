import type { Hex } from 'viem'
import type { CreateRelayerParameters } from '../CreateRelayerParameters.js'
import { createTxSender, type TxSender } from '../chain/createTxSender.js'
import { createVaultExecutor, type VaultExecutor } from '../chain/createVaultExecutor.js'
import { StaleLeaderError } from '../errors.js'
import type { CantonIntent } from '../types.js'
import { messageOf } from '../utils/messageOf.js'
import { sleep } from '../utils/sleep.js'
import { createIntentQueue } from './createIntentQueue.js'
import type { LeaderTerm } from './LeaderTerm.js'
import { processEntry } from './processEntry.js'
import { receiveIntents } from './receiveIntents.js'

export interface RunLeaderTermParameters {
  relayer: CreateRelayerParameters
  /** Aborted when leadership is lost or the relayer stops. */
  signal: AbortSignal
  validate(intent: CantonIntent): Promise<string | undefined>
}

/**
 * One leader term, the poll loop: a tx sender and vault executor per chain (nonces reconciled
 * first), the journal's unfinished entries resumed (they hold the oldest nonces), then Canton
 * polled every `pollIntervalMs` until the signal aborts; returns once everything in flight settled.
 */
export async function runLeaderTerm({ relayer, signal, validate }: RunLeaderTermParameters): Promise<void> {
  const { leadership, journal, account, audit, metrics } = relayer
  const log = relayer.logger
  const pollIntervalMs = relayer.pollIntervalMs ?? 1_000
  const token = (): bigint => {
    const t = leadership.fencingToken()
    if (t === undefined || signal.aborted) throw new StaleLeaderError()
    return t
  }
  const senders = new Map<number, TxSender>()
  const executors = new Map<number, VaultExecutor>()
  const term: LeaderTerm = {
    journal,
    account,
    canton: relayer.canton,
    chains: relayer.chains,
    executors,
    metrics,
    audit,
    log,
    signal,
    token,
    validate,
  }
  const queue = createIntentQueue({
    maxInFlight: relayer.maxInFlight ?? 32,
    signal,
    log,
    process: (entry) => processEntry(term, entry),
  })
  for (const [chainId, chain] of relayer.chains) {
    const sender = createTxSender({
      chainId,
      client: chain.client,
      account,
      journal,
      fencingToken: token,
      confirmations: chain.confirmations,
      pollIntervalMs: relayer.chainPollIntervalMs ?? pollIntervalMs,
      feeBumpAfterMs: relayer.feeBumpAfterMs,
      logger: log,
      onBroadcast: (intentId, tx, kind) => {
        const location = queue.locationOf(intentId)
        if (location)
          audit.transactionBroadcast({ intentId, ...location, txHash: tx.hash, nonce: tx.nonce, kind })
      },
    })
    senders.set(chainId, sender)
    executors.set(
      chainId,
      createVaultExecutor({ sender, client: chain.client, logger: log, logsFromBlock: chain.logsFromBlock }),
    )
  }

  const done = new Set<Hex>()
  try {
    for (const sender of senders.values()) await sender.reconcile()
    const unfinished = await journal.unfinished()
    if (unfinished.length > 0) log.info({ count: unfinished.length }, 'resuming unfinished journal entries')
    for (const entry of unfinished) queue.schedule(entry)

    while (!signal.aborted) {
      await receiveIntents(term, queue, done)
      if (signal.aborted) break
      try {
        const counts = await journal.countByState()
        metrics.setQueueDepth(counts.received + counts.validated + counts.signed + counts.broadcast)
      } catch (error) {
        log.warn({ err: messageOf(error) }, 'journal count failed')
      }
      await sleep(pollIntervalMs, signal).catch(() => undefined)
    }
  } finally {
    for (const sender of senders.values()) sender.close()
    await queue.drain()
  }
}
