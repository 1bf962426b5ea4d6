import type { Logger } from 'pino'
import type { Address, Hex, LocalAccount, PublicClient, TransactionReceipt } from 'viem'
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
