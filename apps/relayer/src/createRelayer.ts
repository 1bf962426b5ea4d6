import { setMaxListeners } from 'node:events'
import { cantonDeFiVaultAbi, signIntent } from '@stratos/contracts'
import type { Logger } from 'pino'
import { type Address, type Hex, type LocalAccount, type PublicClient, zeroAddress, zeroHash } from 'viem'
import type { AuditLog } from './auditLog.js'
import type { CantonGateway, InvalidCantonIntent } from './canton/createCantonGateway.js'
import { fallbackIntentId } from './canton/createCantonGateway.js'
import { messageOf, sleep } from './chain/ChainError.js'
import { createTxSender, type TxSender } from './chain/createTxSender.js'
import { createVaultExecutor, intentStruct, type VaultExecutor } from './chain/createVaultExecutor.js'
import type { VaultConfig } from './config.js'
import { StaleLeaderError } from './errors.js'
import type { RelayerMetrics } from './metrics.js'
import { type CantonIntent, FINAL_STATES, type Journal, type JournalEntry, type Leadership } from './types.js'

export interface RelayerChain {
  client: PublicClient
  /** Confirmation depth (1 = mined). */
  confirmations: number
  /** First block searched for `IntentExecuted` events. Default 0. */
  logsFromBlock?: bigint
}

export interface CreateRelayerParameters {
  relayerId: string
  leadership: Leadership
  journal: Journal
  /**
   * The EVM account that signs intents (EIP-712) and transactions: the fenced one
   * (`toViemAccount(createFencedSigner(...))`), which refuses to sign without leadership.
   */
  account: LocalAccount
  canton: CantonGateway
  /** chain id -> client and depth. */
  chains: Map<number, RelayerChain>
  /** vault id (lower-case) -> vault. */
  vaults: Map<Hex, VaultConfig>
  metrics: RelayerMetrics
  audit: AuditLog
  logger: Logger
  /** Canton poll interval. Default 1000 ms. */
  pollIntervalMs?: number
  /** Chain head poll interval. Default `pollIntervalMs`. */
  chainPollIntervalMs?: number
  feeBumpAfterMs?: number
  /** Intents in flight at once (sequential nonces, pipelined). Default 32. */
  maxInFlight?: number
}

export interface Relayer {
  /** Campaigns and works while leader, until `stop()`. Resolves when stopped. */
  run(): Promise<void>
  /** Stops at once (aborts in-flight work), resigns leadership. */
  stop(): Promise<void>
}

/** What a final entry needs for its Canton report. */
type Reportable = Pick<
  JournalEntry,
  'intentId' | 'contractId' | 'vaultId' | 'chainId' | 'state' | 'confirmedTxHash' | 'error' | 'txs'
>

/**
 * The relayer service. While leader it polls Canton for `DeFiIntent`s, journals each
 * (`received -> validated -> signed -> broadcast -> confirmed | failed`), signs the EIP-712
 * intent, executes it on the vault, waits for the confirmation depth and reports the outcome to
 * Canton. On election it first resumes the journal's unfinished entries. Losing leadership
 * aborts everything in flight at once.
 */
export function createRelayer(parameters: CreateRelayerParameters): Relayer {
  const { leadership, journal, account, canton, metrics, audit, vaults } = parameters
  const log = parameters.logger
  const pollIntervalMs = parameters.pollIntervalMs ?? 1_000
  const maxInFlight = Math.max(1, parameters.maxInFlight ?? 32)
  const stopController = new AbortController()
  let running: Promise<void> | undefined

  /** On-chain `vaultId()` per vault address, read once. */
  const onChainVaultIds = new Map<string, Promise<Hex>>()
  function onChainVaultId(vault: VaultConfig, client: PublicClient): Promise<Hex> {
    const key = `${vault.chainId}:${vault.address}`
    let id = onChainVaultIds.get(key)
    if (!id) {
      id = client.readContract({ address: vault.address, abi: cantonDeFiVaultAbi, functionName: 'vaultId' })
      id.catch(() => onChainVaultIds.delete(key))
      onChainVaultIds.set(key, id)
    }
    return id
  }

  async function validate(intent: CantonIntent): Promise<string | undefined> {
    const chain = parameters.chains.get(intent.chainId)
    if (!chain) return `UnknownChain(${intent.chainId})`
    const vault = vaults.get(intent.vaultId)
    if (!vault) return `UnknownVault(${intent.vaultId})`
    if (vault.chainId !== intent.chainId) return `VaultChainMismatch(${vault.chainId}, ${intent.chainId})`
    if (vault.address.toLowerCase() !== intent.vault.toLowerCase())
      return `VaultAddressMismatch(${vault.address}, ${intent.vault})`
    const now = BigInt(Math.floor(Date.now() / 1000))
    if (intent.deadline <= now) return `IntentExpired(${intent.deadline})`
    const onChain = await onChainVaultId(vault, chain.client)
    if (onChain.toLowerCase() !== intent.vaultId) return `VaultIdMismatch(${onChain}, ${intent.vaultId})`
    return undefined
  }

  async function leaderTerm(signal: AbortSignal): Promise<void> {
    const token = (): bigint => {
      const t = leadership.fencingToken()
      if (t === undefined || signal.aborted) throw new StaleLeaderError()
      return t
    }
    const senders = new Map<number, TxSender>()
    const executors = new Map<number, VaultExecutor>()
    const refs = new Map<Hex, { vaultId: Hex; chainId: number }>()
    for (const [chainId, chain] of parameters.chains) {
      const sender = createTxSender({
        chainId,
        client: chain.client,
        account,
        journal,
        fencingToken: token,
        confirmations: chain.confirmations,
        pollIntervalMs: parameters.chainPollIntervalMs ?? pollIntervalMs,
        ...(parameters.feeBumpAfterMs === undefined ? {} : { feeBumpAfterMs: parameters.feeBumpAfterMs }),
        logger: log,
        onBroadcast: (intentId, tx, kind) => {
          const ref = refs.get(intentId)
          if (ref) audit.transactionBroadcast({ intentId, ...ref, txHash: tx.hash, nonce: tx.nonce, kind })
        },
      })
      senders.set(chainId, sender)
      executors.set(
        chainId,
        createVaultExecutor({
          sender,
          client: chain.client,
          logger: log,
          ...(chain.logsFromBlock === undefined ? {} : { logsFromBlock: chain.logsFromBlock }),
        }),
      )
    }

    const active = new Set<Hex>()
    const tasks = new Set<Promise<void>>()
    const slots: (() => void)[] = []
    let free = maxInFlight
    const acquire = async () => {
      if (free > 0) {
        free--
        return
      }
      await new Promise<void>((resolve) => slots.push(resolve))
    }
    const release = () => {
      const next = slots.shift()
      if (next) next()
      else free++
    }

    function schedule(entry: JournalEntry) {
      if (active.has(entry.intentId)) return
      active.add(entry.intentId)
      refs.set(entry.intentId, { vaultId: entry.vaultId, chainId: entry.chainId })
      const task = (async () => {
        await acquire()
        try {
          if (!signal.aborted) await processEntry(entry, signal)
        } catch (error) {
          if (!signal.aborted)
            log.error(
              { intentId: entry.intentId, err: messageOf(error) },
              'intent processing failed; will retry',
            )
        } finally {
          release()
          active.delete(entry.intentId)
          refs.delete(entry.intentId)
        }
      })()
      tasks.add(task)
      void task.finally(() => tasks.delete(task))
    }

    async function fail(entry: JournalEntry, reason: string, txHash?: Hex): Promise<JournalEntry> {
      const failed = await journal.transition(token(), entry.intentId, [entry.state], 'failed', {
        error: reason,
      })
      metrics.recordOutcome(entry.chainId || 'unknown', 'failed', reason)
      audit.intentFailed({
        intentId: entry.intentId,
        vaultId: entry.vaultId,
        chainId: entry.chainId,
        reason,
        txHash: txHash ?? null,
      })
      return failed
    }

    async function processEntry(initial: JournalEntry, signal: AbortSignal): Promise<void> {
      let entry = initial
      let failedTxHash: Hex | undefined
      if (entry.state === 'received') {
        const reason = await validate(entry.intent)
        if (signal.aborted) return
        entry = reason
          ? await fail(entry, reason)
          : await journal.transition(token(), entry.intentId, ['received'], 'validated')
      }
      if (entry.state === 'validated') {
        const { intent } = entry
        const signature = await signIntent(account, intent, intentStruct(intent))
        entry = await journal.transition(token(), entry.intentId, ['validated'], 'signed', {
          intentSignature: signature,
        })
      }
      if (entry.state === 'signed' || entry.state === 'broadcast') {
        const executor = executors.get(entry.chainId)
        if (!executor) {
          entry = await fail(entry, `UnknownChain(${entry.chainId})`)
        } else {
          const outcome = await executor.execute(entry, signal)
          entry = (await journal.get(entry.intentId)) ?? entry
          if (outcome.status === 'confirmed') {
            // Found executed on chain before any send of ours (IntentAlreadyUsed at estimate): the
            // journal's state machine reaches `confirmed` only through `broadcast`.
            if (entry.state === 'signed')
              entry = await journal.transition(token(), entry.intentId, ['signed'], 'broadcast')
            entry = await journal.transition(token(), entry.intentId, ['broadcast'], 'confirmed', {
              confirmedTxHash: outcome.txHash,
              gasUsed: outcome.gasUsed,
            })
            const nonce = entry.txs.find((t) => t.hash === outcome.txHash)?.nonce ?? null
            metrics.recordOutcome(entry.chainId, 'confirmed')
            audit.transactionSubmitted({
              intentId: entry.intentId,
              vaultId: entry.vaultId,
              chainId: entry.chainId,
              txHash: outcome.txHash,
              nonce,
              gasUsed: outcome.gasUsed,
            })
          } else {
            failedTxHash = outcome.txHash
            entry = await fail(entry, outcome.reason, outcome.txHash)
          }
        }
      }
      if (FINAL_STATES.includes(entry.state) && !entry.reportedToCanton) await report(entry, failedTxHash)
    }

    async function report(entry: Reportable, failedTxHash?: Hex): Promise<void> {
      let result: string
      if (entry.state === 'confirmed' && entry.confirmedTxHash) {
        result = await canton.markExecuted({
          contractId: entry.contractId,
          intentId: entry.intentId,
          txHash: entry.confirmedTxHash,
        })
      } else {
        const txHash = failedTxHash ?? (await minedTxOf(entry))
        result = await canton.markFailed({
          contractId: entry.contractId,
          intentId: entry.intentId,
          reason: entry.error ?? 'failed',
          txHash: txHash ?? null,
        })
      }
      await journal.markReported(token(), entry.intentId)
      audit.intentReported({
        intentId: entry.intentId,
        contractId: entry.contractId,
        vaultId: entry.vaultId,
        chainId: entry.chainId,
        status: entry.state === 'confirmed' ? 'executed' : 'failed',
        result,
      })
    }

    /** The mined (reverted) transaction among a failed entry's, for its Canton report. */
    async function minedTxOf(entry: Reportable): Promise<Hex | undefined> {
      const client = parameters.chains.get(entry.chainId)?.client
      if (!client) return undefined
      for (const tx of [...entry.txs].reverse()) {
        const receipt = await client.getTransactionReceipt({ hash: tx.hash }).catch(() => undefined)
        if (receipt) return receipt.transactionHash
      }
      return undefined
    }

    async function receiveInvalid(item: InvalidCantonIntent): Promise<void> {
      const args = (item.args ?? {}) as Record<string, unknown>
      const placeholder: CantonIntent = {
        contractId: item.contractId,
        institution: typeof args.institution === 'string' ? args.institution : '',
        operator: canton.operatorParty,
        intentId: item.intentId ?? fallbackIntentId(item.contractId),
        vaultId: zeroHash,
        chainId: 0,
        vault: zeroAddress as Address,
        adapter: zeroAddress as Address,
        callData: '0x',
        value: 0n,
        nonce: 0n,
        deadline: 0n,
      }
      if (active.has(placeholder.intentId)) return
      const { created, entry } = await journal.receive(token(), placeholder)
      if (created) {
        audit.intentReceived({
          intentId: entry.intentId,
          contractId: entry.contractId,
          vaultId: entry.vaultId,
          chainId: 0,
        })
        log.warn({ contractId: item.contractId, reason: item.reason }, 'invalid intent on Canton')
      }
      if (entry.state === 'received') {
        active.add(entry.intentId)
        try {
          const failed = await fail(entry, item.reason)
          await report(failed)
        } finally {
          active.delete(entry.intentId)
        }
      } else if (FINAL_STATES.includes(entry.state) && !entry.reportedToCanton) {
        await report(entry)
      }
    }

    // --- the term --------------------------------------------------------------------------
    /** Intents already final and reported: skipped without a journal read while still active on Canton. */
    const done = new Set<Hex>()
    try {
      for (const sender of senders.values()) await sender.reconcile()
      // Takeover: the journal's unfinished entries go first (they hold the oldest nonces).
      const unfinished = await journal.unfinished()
      if (unfinished.length > 0) log.info({ count: unfinished.length }, 'resuming unfinished journal entries')
      for (const entry of unfinished) schedule(entry)

      while (!signal.aborted) {
        try {
          const [{ intents, invalid }, height] = await Promise.all([canton.readIntents(), canton.ledgerEnd()])
          metrics.setCantonUp(true)
          metrics.setLedgerHeight(height)
          for (const intent of intents) {
            if (signal.aborted) break
            if (active.has(intent.intentId) || done.has(intent.intentId)) continue
            const { created, entry } = await journal.receive(token(), intent)
            if (created)
              audit.intentReceived({
                intentId: intent.intentId,
                contractId: intent.contractId,
                vaultId: intent.vaultId,
                chainId: intent.chainId,
              })
            if (entry.contractId !== intent.contractId) {
              // The same intent id in a second contract: it is executed once; the duplicate is refused.
              await receiveInvalid({
                contractId: intent.contractId,
                intentId: fallbackIntentId(intent.contractId),
                reason: `DuplicateIntentId(${intent.intentId})`,
                args: { institution: intent.institution },
              })
              continue
            }
            if (FINAL_STATES.includes(entry.state) && entry.reportedToCanton) done.add(entry.intentId)
            else schedule(entry)
          }
          for (const item of invalid) {
            if (signal.aborted) break
            await receiveInvalid(item).catch((error) => {
              if (!signal.aborted)
                log.error(
                  { contractId: item.contractId, err: messageOf(error) },
                  'invalid intent not reported',
                )
            })
          }
        } catch (error) {
          if (signal.aborted) break
          if (error instanceof StaleLeaderError) throw error
          metrics.setCantonUp(false)
          log.warn({ err: messageOf(error) }, 'Canton poll failed')
        }
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
      await Promise.allSettled([...tasks])
    }
  }

  async function run(): Promise<void> {
    const stop = stopController.signal
    while (!stop.aborted) {
      let token: bigint
      try {
        token = await leadership.waitUntilLeader(stop)
      } catch (error) {
        if (stop.aborted) break
        log.warn({ err: messageOf(error) }, 'campaign failed; retrying')
        await sleep(pollIntervalMs, stop).catch(() => undefined)
        continue
      }
      const term = new AbortController()
      // Every intent in flight waits on the term's signal (sleeps, receipts): more than Node's default 10.
      setMaxListeners(maxInFlight * 4 + 16, term.signal)
      const onStop = () => term.abort(new StaleLeaderError('stopping'))
      stop.addEventListener('abort', onStop, { once: true })
      const unsubscribe = leadership.onLost((reason) => {
        log.warn({ reason }, 'leadership lost: stopping at once')
        term.abort(new StaleLeaderError(`leadership lost: ${reason}`))
      })
      if (!leadership.isLeader()) term.abort(new StaleLeaderError('leadership lost before the term started'))
      metrics.setLeader(true)
      log.info({ relayerId: parameters.relayerId, fencingToken: token.toString() }, 'became leader')
      try {
        await leaderTerm(term.signal)
      } catch (error) {
        if (!term.signal.aborted) log.error({ err: messageOf(error) }, 'leader term failed')
      } finally {
        unsubscribe()
        stop.removeEventListener('abort', onStop)
        metrics.setLeader(false)
      }
      if (!stop.aborted && !term.signal.aborted) {
        // The term ended on an error while still leader: hand over rather than spin.
        await leadership.resign().catch(() => undefined)
        await sleep(pollIntervalMs, stop).catch(() => undefined)
      }
    }
  }

  return {
    run() {
      running ??= run()
      return running
    },
    async stop() {
      stopController.abort(new StaleLeaderError('stopping'))
      await running?.catch(() => undefined)
      await leadership.resign().catch((error) => log.warn({ err: messageOf(error) }, 'resign failed'))
    },
  }
}
