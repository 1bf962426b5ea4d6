import type { Logger } from 'pino'
import type { Hex } from 'viem'
import type { JournalEntry } from '../types.js'
import { messageOf } from '../utils/messageOf.js'
import type { IntentLocation } from './LeaderTerm.js'

export interface CreateIntentQueueParameters {
  /** Entries processed at once (sequential nonces, pipelined). */
  maxInFlight: number
  /** The term's signal: once aborted, queued entries are not started and failures are not logged. */
  signal: AbortSignal
  log: Logger
  /** Processes one entry; a throw is logged and the entry is picked up again by a later poll. */
  process(entry: JournalEntry): Promise<void>
}

/** The term's intents in flight: each intent at most once, at most `maxInFlight` at a time. */
export interface IntentQueue {
  /** Starts processing the entry (when a slot is free) unless its intent is already active. */
  schedule(entry: JournalEntry): void
  /** Whether the intent is being processed or handled by `exclusive`. */
  isActive(intentId: Hex): boolean
  /** Where an active intent's vault is, for the audit lines of its broadcasts. */
  locationOf(intentId: Hex): IntentLocation | undefined
  /** Runs `fn` with the intent marked active (so no poll schedules it meanwhile). */
  exclusive<T>(intentId: Hex, fn: () => Promise<T>): Promise<T>
  /** Waits until every started entry has settled. */
  drain(): Promise<void>
}

export function createIntentQueue(parameters: CreateIntentQueueParameters): IntentQueue {
  const { signal, log } = parameters
  const active = new Set<Hex>()
  const locations = new Map<Hex, IntentLocation>()
  const tasks = new Set<Promise<void>>()
  const slots: (() => void)[] = []
  let free = Math.max(1, parameters.maxInFlight)

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

  return {
    schedule(entry) {
      if (active.has(entry.intentId)) return
      active.add(entry.intentId)
      locations.set(entry.intentId, { vaultId: entry.vaultId, chainId: entry.chainId })
      const task = (async () => {
        await acquire()
        try {
          if (!signal.aborted) await parameters.process(entry)
        } catch (error) {
          if (!signal.aborted)
            log.error(
              { intentId: entry.intentId, err: messageOf(error) },
              'intent processing failed; will retry',
            )
        } finally {
          release()
          active.delete(entry.intentId)
          locations.delete(entry.intentId)
        }
      })()
      tasks.add(task)
      void task.finally(() => tasks.delete(task))
    },
    isActive: (intentId) => active.has(intentId),
    locationOf: (intentId) => locations.get(intentId),
    async exclusive(intentId, fn) {
      active.add(intentId)
      try {
        return await fn()
      } finally {
        active.delete(intentId)
      }
    },
    async drain() {
      await Promise.allSettled([...tasks])
    },
  }
}
