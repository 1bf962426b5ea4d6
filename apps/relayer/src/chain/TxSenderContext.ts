import type { Logger } from 'pino'
import type { Address, Hex, LocalAccount, PublicClient } from 'viem'
import type { Journal, JournalTx } from '../types.js'
import type { HeadPoller } from './createHeadPoller.js'

/** What the parts of one tx sender (build, send, watch, bump) share: its settings and its state. */
export interface TxSenderContext {
  chainId: number
  client: PublicClient
  account: LocalAccount
  address: Address
  journal: Journal
  fencingToken: () => bigint
  /** Blocks a receipt must have on top of it, counting its own block (>= 1). */
  confirmations: number
  feeBumpAfterMs: number
  pollIntervalMs: number
  log: Logger | undefined
  onBroadcast: (intentId: Hex, tx: JournalTx, kind: 'send' | 'fee-bump' | 'rebroadcast') => void
  heads: HeadPoller
  nonces: {
    /** The nonce the next send takes; undefined until reconciled. */
    next: number | undefined
    /** Nonces of transactions this sender signed and still watches -> the newest hash. */
    readonly inFlight: Map<number, Hex>
  }
  /** The chain's fees, read at most once per poll interval. */
  fees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }>
  /**
   * Runs `fn` under the sender's one lock for nonce allocation, signing, journaling and
   * broadcasting: nonces reach the node in order and a failure before the journal write gives
   * its nonce back.
   */
  locked<T>(fn: () => Promise<T>): Promise<T>
}
