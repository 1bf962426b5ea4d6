import type { Logger } from 'pino'
import type { Hex, PublicClient } from 'viem'
import { messageOf } from '../utils/messageOf.js'
import { sleep } from '../utils/sleep.js'
import { ChainError } from './ChainError.js'

export interface CreateHeadPollerParameters {
  chainId: number
  client: PublicClient
  /** How often the chain head is read. */
  pollIntervalMs: number
  logger?: Logger | undefined
  /** Called after each new head was read and the waiters were woken. */
  onHead?: ((blockNumber: bigint) => void) | undefined
}

/** One chain-head poller for every watcher of a sender: one `getBlock` per new block in all. */
export interface HeadPoller {
  /** The newest block number read, undefined before the first read. */
  head(): bigint | undefined
  /**
   * Hashes being watched -> the block the poller saw them in (undefined until seen). Watchers add
   * and remove their hashes; the poller fills in the block.
   */
  readonly watched: Map<Hex, bigint | undefined>
  /** Resolves on the next new head or after `ms`, whichever comes first; rejects on abort. Starts the poller. */
  nextHead(ms: number, signal?: AbortSignal): Promise<void>
  /** Stops polling and wakes every waiter. */
  close(): void
}

/**
 * Polls the chain head (started by the first `nextHead`) and marks the watched hashes found in
 * each new block, catching up at most 64 blocks by their transaction lists; older ones are found
 * by the watchers' direct receipt reads.
 */
export function createHeadPoller(parameters: CreateHeadPollerParameters): HeadPoller {
  const { chainId, client, pollIntervalMs, logger: log, onHead } = parameters
  const watched = new Map<Hex, bigint | undefined>()
  const waiters = new Set<() => void>()
  let head: bigint | undefined
  let closed = false
  let polling: Promise<void> | undefined

  async function poll(): Promise<void> {
    while (!closed) {
      try {
        const latest = await client.getBlockNumber({ cacheTime: 0 })
        if (head === undefined || latest > head) {
          const from = head === undefined || latest - head > 64n ? latest : head + 1n
          for (let n = from; n <= latest && !closed; n++) {
            const block = await client.getBlock({ blockNumber: n })
            for (const hash of block.transactions) if (watched.has(hash)) watched.set(hash, n)
          }
          head = latest
          for (const wake of [...waiters]) wake()
          onHead?.(latest)
        }
      } catch (error) {
        log?.warn({ chainId, err: messageOf(error) }, 'chain head poll failed')
      }
      await sleep(pollIntervalMs)
    }
  }

  return {
    head: () => head,
    watched,
    nextHead(ms, signal) {
      if (!polling && !closed) polling = poll()
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
    },
    close() {
      closed = true
      for (const wake of [...waiters]) wake()
    },
  }
}
