import type { Logger } from 'pino'
import type { Address, Hex, LocalAccount, PublicClient, TransactionReceipt } from 'viem'
import type { Journal, JournalTx } from '../types.js'
import { messageOf } from '../utils/messageOf.js'
import { broadcastTx } from './broadcastTx.js'
import { throwIfAborted } from './ChainError.js'
import { createHeadPoller } from './createHeadPoller.js'
import { reconcileNonces } from './reconcileNonces.js'
import { recordTx } from './recordTx.js'
import { signTx } from './signTx.js'
import type { SendOutcome, SendRequest, TxSenderContext } from './TxSenderContext.js'
import { waitForConfirmations } from './waitForConfirmations.js'
import { watchTxs } from './watchTxs.js'

export interface CreateTxSenderParameters {
  chainId: number
  /** Public client of the chain (reads, estimates, `sendRawTransaction`). */
  client: PublicClient
  /** The signing account; in the relayer the fenced one, which refuses to sign without leadership. */
  account: LocalAccount
  journal: Journal
  /** The current fencing token; throws `StaleLeaderError` when this instance is not leader. */
  fencingToken: () => bigint
  /** Blocks a receipt must have on top of it, counting its own block (1 = mined). Default 1. */
  confirmations?: number | undefined
  /** A transaction not mined after this long is re-signed with the same nonce and higher fees. Default 30 s. */
  feeBumpAfterMs?: number | undefined
  /** How often the chain head is read. Default 1 s. */
  pollIntervalMs?: number | undefined
  logger?: Logger | undefined
  /** Called after each broadcast attempt of a journaled transaction (for the audit log). */
  onBroadcast?:
    | ((intentId: Hex, tx: JournalTx, kind: 'send' | 'fee-bump' | 'rebroadcast') => void)
    | undefined
  /** Called each time the sender has read a new chain head and woken its watchers. */
  onHead?: ((blockNumber: bigint) => void) | undefined
}

export interface TxSender {
  readonly chainId: number
  readonly address: Address
  /**
   * Reads the account's `latest` and `pending` transaction counts and the journal's unfinished
   * transactions on this chain and sets the next nonce from them; nonces that nobody holds
   * below it (gaps that would block later transactions) are filled with empty self-transfers.
   */
  reconcile(): Promise<void>
  /**
   * Signs `request` with the next nonce and fees from the chain, records it in the journal
   * (before broadcasting, so a crash after the broadcast loses nothing), broadcasts it and
   * watches it until mined to depth (bumping fees when it stalls) or its nonce is taken.
   */
  send(intentId: Hex, request: SendRequest, signal?: AbortSignal): Promise<SendOutcome>
  /**
   * Resumes watching transactions kept in the journal (after a takeover): checks the receipts
   * of every hash, rebroadcasts the newest raw transaction when the node knows none of them,
   * then watches as `send` does.
   */
  watch(intentId: Hex, txs: readonly JournalTx[], signal?: AbortSignal): Promise<SendOutcome>
  /** Waits until a mined transaction (any sender's) has the confirmation depth; undefined if reorged out. */
  waitForConfirmations(hash: Hex, signal?: AbortSignal): Promise<TransactionReceipt | undefined>
  /** The nonce the next `send` will use, once reconciled. */
  nextNonce(): number | undefined
  /** Stops the head poller; in-flight `send`/`watch` calls should be aborted by their signal. */
  close(): void
}

/**
 * A transaction sender for one signer on one chain. Nonces are never only counted up locally:
 * they come from the chain and the journal at start (`reconcile`) and again after any send
 * error, a "nonce too low" answer or a gap seen while a transaction stalls. Its parts: build
 * (`signTx`, `recordTx`), send (here, `broadcastTx`, `reconcileNonces`), watch (`watchTxs`,
 * `waitForConfirmations`, `createHeadPoller`) and bump (`bumpTx`).
 */
export function createTxSender(parameters: CreateTxSenderParameters): TxSender {
  const { chainId, client, account } = parameters
  const pollIntervalMs = parameters.pollIntervalMs ?? 1_000
  const log = parameters.logger

  let lock: Promise<unknown> = Promise.resolve()
  let feeCache: { at: number; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined

  const context: TxSenderContext = {
    chainId,
    client,
    account,
    address: account.address,
    journal: parameters.journal,
    fencingToken: parameters.fencingToken,
    confirmations: Math.max(1, parameters.confirmations ?? 1),
    feeBumpAfterMs: parameters.feeBumpAfterMs ?? 30_000,
    pollIntervalMs,
    log,
    onBroadcast: parameters.onBroadcast ?? (() => undefined),
    heads: createHeadPoller({ chainId, client, pollIntervalMs, logger: log, onHead: parameters.onHead }),
    nonces: { next: undefined, inFlight: new Map() },
    async fees() {
      if (feeCache && Date.now() - feeCache.at < pollIntervalMs) return feeCache
      const fees = await client.estimateFeesPerGas()
      feeCache = { at: Date.now(), ...fees }
      return feeCache
    },
    locked(fn) {
      const run = lock.then(fn, fn)
      lock = run.catch(() => undefined)
      return run
    },
  }
  const { nonces } = context

  return {
    chainId,
    address: context.address,
    reconcile: () => context.locked(() => reconcileNonces(context)),
    nextNonce: () => nonces.next,
    waitForConfirmations: (hash, signal) => waitForConfirmations(context, hash, signal),
    async send(intentId, request, signal) {
      throwIfAborted(signal)
      const tx = await context.locked(async () => {
        throwIfAborted(signal)
        if (nonces.next === undefined) await reconcileNonces(context)
        const nonce = nonces.next!
        const fees = await context.fees()
        const signed = await signTx(context, {
          request,
          nonce,
          maxFeePerGas: fees.maxFeePerGas,
          maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
        })
        await recordTx(context, intentId, signed)
        nonces.next = nonce + 1
        nonces.inFlight.set(nonce, signed.hash)
        context.heads.watched.set(signed.hash, undefined)
        try {
          await broadcastTx(client, signed.raw)
          context.onBroadcast(intentId, signed, 'send')
        } catch (error) {
          // The tx is in the journal: the watcher decides (mined, rebroadcast, nonce consumed).
          log?.warn(
            { chainId, intentId, nonce, err: messageOf(error) },
            'broadcast failed; reconciling nonce',
          )
          await reconcileNonces(context).catch((e) =>
            log?.error({ chainId, err: messageOf(e) }, 'nonce reconcile failed'),
          )
        }
        return signed
      })
      return watchTxs(context, { intentId, txs: [tx], resume: false, signal })
    },
    watch: (intentId, txs, signal) => watchTxs(context, { intentId, txs, resume: true, signal }),
    close: () => context.heads.close(),
  }
}
