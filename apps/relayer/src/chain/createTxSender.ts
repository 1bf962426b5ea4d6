import type { Logger } from 'pino'
import {
  type Address,
  type Hex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  parseTransaction,
  type TransactionReceipt,
} from 'viem'
import type { Journal, JournalTx } from '../types.js'
import { ChainError, isAlreadyKnown, isNonceTooLow, messageOf, sleep, throwIfAborted } from './ChainError.js'

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
  confirmations?: number
  /** A transaction not mined after this long is re-signed with the same nonce and higher fees. Default 30 s. */
  feeBumpAfterMs?: number
  /** How often the chain head is read. Default 1 s. */
  pollIntervalMs?: number
  logger?: Logger
  /** Called after each broadcast attempt of a journaled transaction (for the audit log). */
  onBroadcast?: (intentId: Hex, tx: JournalTx, kind: 'send' | 'fee-bump' | 'rebroadcast') => void
}

/** What to send: the relayer always sends contract calls with an estimated gas limit. */
export interface SendRequest {
  to: Address
  data: Hex
  value?: bigint
  gas: bigint
}

export type SendOutcome =
  /** One of the kept transactions was mined (success or revert) and has the confirmation depth. */
  | { status: 'mined'; hash: Hex; receipt: TransactionReceipt }
  /** The nonce was used by a transaction that is not one of ours: nothing of ours will be mined. */
  | { status: 'nonce-consumed'; nonce: number }

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

/** 12.5% up, rounded up: the minimum geth-compatible nodes accept to replace a transaction. */
export function bumpFee(fee: bigint): bigint {
  return fee + (fee + 7n) / 8n
}

/**
 * A transaction sender for one signer on one chain. Nonces are never only counted up locally:
 * they come from the chain and the journal at start (`reconcile`) and again after any send
 * error, a "nonce too low" answer or a gap seen while a transaction stalls.
 */
export function createTxSender(parameters: CreateTxSenderParameters): TxSender {
  const { chainId, client, account, journal, fencingToken } = parameters
  const confirmations = Math.max(1, parameters.confirmations ?? 1)
  const feeBumpAfterMs = parameters.feeBumpAfterMs ?? 30_000
  const pollIntervalMs = parameters.pollIntervalMs ?? 1_000
  const log = parameters.logger
  const onBroadcast = parameters.onBroadcast ?? (() => undefined)
  const address = account.address

  let next: number | undefined
  /** Nonces of transactions this sender signed and still watches. */
  const inFlight = new Map<number, Hex>()
  /** Hashes being watched -> block they were seen in (undefined until seen). */
  const watched = new Map<Hex, bigint | undefined>()

  // One lock for nonce allocation, signing, journaling and broadcasting: nonces reach the node
  // in order and a failure before the journal write gives its nonce back.
  let lock: Promise<unknown> = Promise.resolve()
  function locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = lock.then(fn, fn)
    lock = run.catch(() => undefined)
    return run
  }

  // Fees are read from the chain at most once per poll interval.
  let feeCache: { at: number; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined
  async function chainFees() {
    if (feeCache && Date.now() - feeCache.at < pollIntervalMs) return feeCache
    const fees = await client.estimateFeesPerGas()
    feeCache = { at: Date.now(), ...fees }
    return feeCache
  }

  // --- head poller: one getBlock per new block for every watcher together -------------------
  let head: bigint | undefined
  let closed = false
  let poller: Promise<void> | undefined
  const waiters = new Set<() => void>()

  function ensurePoller() {
    if (poller || closed) return
    poller = (async () => {
      while (!closed) {
        try {
          const latest = await client.getBlockNumber({ cacheTime: 0 })
          if (head === undefined || latest > head) {
            // Catch up at most 64 blocks by their transaction lists; older ones are found by
            // the watchers' direct receipt checks.
            const from = head === undefined || latest - head > 64n ? latest : head + 1n
            for (let n = from; n <= latest && !closed; n++) {
              const block = await client.getBlock({ blockNumber: n })
              for (const hash of block.transactions) if (watched.has(hash)) watched.set(hash, n)
            }
            head = latest
            for (const wake of [...waiters]) wake()
          }
        } catch (error) {
          log?.warn({ chainId, err: messageOf(error) }, 'chain head poll failed')
        }
        await sleep(pollIntervalMs).catch(() => undefined)
      }
    })()
  }

  /** Resolves on the next new head or after `ms`, whichever comes first; rejects on abort. */
  function nextHead(ms: number, signal?: AbortSignal): Promise<void> {
    ensurePoller()
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer)
        waiters.delete(done)
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = () => {
        clearTimeout(timer)
        waiters.delete(done)
        reject(signal?.reason ?? new ChainError('ABORTED', 'The work was stopped'))
      }
      const timer = setTimeout(done, ms)
      waiters.add(done)
      if (signal?.aborted) onAbort()
      else signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  async function receiptOf(hash: Hex): Promise<TransactionReceipt | undefined> {
    try {
      return await client.getTransactionReceipt({ hash })
    } catch (error) {
      if ((error as Error).name === 'TransactionReceiptNotFoundError') return undefined
      throw error
    }
  }

  async function isKnownToNode(hash: Hex): Promise<boolean> {
    try {
      await client.getTransaction({ hash })
      return true
    } catch (error) {
      if ((error as Error).name === 'TransactionNotFoundError') return false
      throw error
    }
  }

  async function broadcast(raw: Hex): Promise<void> {
    try {
      await client.sendRawTransaction({ serializedTransaction: raw })
    } catch (error) {
      if (isAlreadyKnown(error)) return
      throw error
    }
  }

  // --- nonces -------------------------------------------------------------------------------
  async function reconcileUnlocked(): Promise<void> {
    const [latest, pending, entries] = await Promise.all([
      client.getTransactionCount({ address, blockTag: 'latest' }),
      client.getTransactionCount({ address, blockTag: 'pending' }),
      journal.unfinished(),
    ])
    const held = new Set<number>(inFlight.keys())
    for (const entry of entries) {
      if (entry.chainId !== chainId || (entry.state !== 'signed' && entry.state !== 'broadcast')) continue
      for (const tx of entry.txs) if (tx.nonce >= latest) held.add(tx.nonce)
    }
    let top = Math.max(pending, next ?? 0)
    for (const n of held) if (n + 1 > top) top = n + 1
    const gaps: number[] = []
    for (let n = pending; n < top; n++) if (!held.has(n)) gaps.push(n)
    log?.info({ chainId, address, latest, pending, next: top, gaps }, 'nonce reconciled')
    next = top
    // A gap blocks every later transaction of the key: fill it with an empty self-transfer.
    for (const nonce of gaps) {
      const fees = await chainFees()
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
        await broadcast(raw)
        log?.warn({ chainId, nonce }, 'filled a nonce gap with an empty self-transfer')
      } catch (error) {
        if (!isNonceTooLow(error)) throw error
      }
    }
  }

  async function signTx(
    request: SendRequest,
    nonce: number,
    maxFeePerGas: bigint,
    maxPriorityFeePerGas: bigint,
  ) {
    const raw = await account.signTransaction({
      chainId,
      type: 'eip1559',
      to: request.to,
      data: request.data,
      value: request.value ?? 0n,
      gas: request.gas,
      nonce,
      maxFeePerGas,
      maxPriorityFeePerGas,
    })
    const tx: JournalTx = {
      hash: keccak256(raw),
      raw,
      nonce,
      maxFeePerGas,
      maxPriorityFeePerGas,
      sentAt: new Date(),
    }
    return tx
  }

  async function record(intentId: Hex, tx: JournalTx): Promise<void> {
    const entry = await journal.addTx(fencingToken(), intentId, tx)
    if (entry.state === 'signed') await journal.transition(fencingToken(), intentId, ['signed'], 'broadcast')
  }

  // --- watching -----------------------------------------------------------------------------
  async function firstReceipt(hashes: readonly Hex[]): Promise<TransactionReceipt | undefined> {
    for (const hash of hashes) {
      const receipt = await receiptOf(hash)
      if (receipt) return receipt
    }
    return undefined
  }

  async function waitForConfirmations(hash: Hex, signal?: AbortSignal) {
    let receipt = await receiptOf(hash)
    while (receipt) {
      throwIfAborted(signal)
      const current = head ?? (await client.getBlockNumber({ cacheTime: 0 }))
      if (current >= receipt.blockNumber + BigInt(confirmations - 1)) {
        // Read it again at depth: a reorg may have moved or dropped it.
        const again = await receiptOf(hash)
        if (again && again.blockHash === receipt.blockHash) return again
        receipt = again
        continue
      }
      await nextHead(pollIntervalMs * 4, signal)
    }
    return undefined
  }

  async function bump(intentId: Hex, last: JournalTx): Promise<JournalTx> {
    const parsed = parseTransaction(last.raw)
    if (!parsed.to || parsed.gas === undefined) throw new Error(`journal tx ${last.hash} cannot be re-signed`)
    const fees = await chainFees()
    const maxPriorityFeePerGas = maxOf(bumpFee(last.maxPriorityFeePerGas), fees.maxPriorityFeePerGas)
    const maxFeePerGas = maxOf(bumpFee(last.maxFeePerGas), fees.maxFeePerGas, maxPriorityFeePerGas)
    const request: SendRequest = { to: parsed.to, data: parsed.data ?? '0x', gas: parsed.gas }
    if (parsed.value !== undefined) request.value = parsed.value
    return locked(async () => {
      const tx = await signTx(request, last.nonce, maxFeePerGas, maxPriorityFeePerGas)
      await record(intentId, tx)
      log?.info(
        { chainId, intentId, nonce: tx.nonce, previous: last.hash, hash: tx.hash },
        'fee bump: transaction re-signed with higher fees',
      )
      return tx
    })
  }

  async function watchTxs(
    intentId: Hex,
    initial: readonly JournalTx[],
    resume: boolean,
    signal?: AbortSignal,
  ): Promise<SendOutcome> {
    const txs = [...initial].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())
    let last = txs.at(-1)
    if (!last) throw new Error(`intent ${intentId}: no transaction to watch`)
    for (const tx of txs) if (!watched.has(tx.hash)) watched.set(tx.hash, undefined)
    inFlight.set(last.nonce, last.hash)
    let lastSentAt = last.sentAt.getTime()
    let directCheck = resume
    let lastDirectAt = Date.now()
    try {
      if (resume) {
        // Takeover: the receipts of every kept hash first, then whether the nonce went elsewhere,
        // then whether the node still holds one of them; if not, the newest raw tx is sent unchanged.
        const receipt = await firstReceipt(txs.map((t) => t.hash).reverse())
        if (!receipt) {
          const latest = await client.getTransactionCount({ address, blockTag: 'latest' })
          if (latest > last.nonce) {
            if (!(await firstReceipt(txs.map((t) => t.hash))))
              return { status: 'nonce-consumed', nonce: last.nonce }
          } else {
            const known = await Promise.all(
              txs.filter((t) => t.nonce === last!.nonce).map((t) => isKnownToNode(t.hash)),
            )
            if (!known.some(Boolean)) {
              log?.info(
                { chainId, intentId, hash: last.hash, nonce: last.nonce },
                'rebroadcasting kept transaction',
              )
              try {
                await broadcast(last.raw)
                onBroadcast(intentId, last, 'rebroadcast')
              } catch (error) {
                log?.warn({ chainId, intentId, hash: last.hash, err: messageOf(error) }, 'rebroadcast failed')
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
          const confirmed = await waitForConfirmations(receipt.transactionHash, signal)
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
            await locked(reconcileUnlocked)
          }
          last = await bump(intentId, last)
          txs.push(last)
          watched.set(last.hash, undefined)
          inFlight.set(last.nonce, last.hash)
          try {
            await broadcast(last.raw)
            onBroadcast(intentId, last, 'fee-bump')
          } catch (error) {
            log?.warn({ chainId, intentId, hash: last.hash, err: messageOf(error) }, 'broadcast failed')
            if (isNonceTooLow(error)) {
              directCheck = true
              await locked(reconcileUnlocked).catch(() => undefined)
            }
          }
          lastSentAt = Date.now()
          // Every earlier hash may still be mined: all are checked directly next round.
          directCheck = true
          continue
        }
        await nextHead(Math.min(pollIntervalMs * 4, Math.max(50, feeBumpAfterMs)), signal)
      }
    } finally {
      for (const tx of txs) watched.delete(tx.hash)
      if (inFlight.get(last.nonce) === last.hash) inFlight.delete(last.nonce)
    }
  }

  return {
    chainId,
    address,
    reconcile: () => locked(reconcileUnlocked),
    nextNonce: () => next,
    waitForConfirmations,
    async send(intentId, request, signal) {
      throwIfAborted(signal)
      const tx = await locked(async () => {
        throwIfAborted(signal)
        if (next === undefined) await reconcileUnlocked()
        const nonce = next!
        const fees = await chainFees()
        const signed = await signTx(request, nonce, fees.maxFeePerGas, fees.maxPriorityFeePerGas)
        await record(intentId, signed)
        next = nonce + 1
        inFlight.set(nonce, signed.hash)
        watched.set(signed.hash, undefined)
        try {
          await broadcast(signed.raw)
          onBroadcast(intentId, signed, 'send')
        } catch (error) {
          // The tx is in the journal: the watcher decides (mined, rebroadcast, nonce consumed).
          log?.warn(
            { chainId, intentId, nonce, err: messageOf(error) },
            'broadcast failed; reconciling nonce',
          )
          await reconcileUnlocked().catch((e) =>
            log?.error({ chainId, err: messageOf(e) }, 'nonce reconcile failed'),
          )
        }
        return signed
      })
      return watchTxs(intentId, [tx], false, signal)
    },
    watch: (intentId, txs, signal) => watchTxs(intentId, txs, true, signal),
    close() {
      closed = true
      for (const wake of [...waiters]) wake()
    },
  }
}

function maxOf(...values: bigint[]): bigint {
  return values.reduce((a, b) => (b > a ? b : a))
}
