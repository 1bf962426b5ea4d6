import type { Address, Hash } from 'viem'

/** A transaction that sent or received the native coin, as a history source lists it. */
export interface NativeTransaction {
  hash: Hash
  block: bigint
  /** Position in its block. */
  index: number
  from: Address
  /** Absent for a contract creation. */
  to?: Address
  value: bigint
  /** What the sender paid: gas used times the effective gas price. */
  fee?: bigint
  /** Unix seconds. */
  time?: number
  /** Mined but reverted. */
  failed: boolean
}

export interface NativeTransactionPage {
  /** Newest first; all in blocks at or below the block asked for. */
  transactions: NativeTransaction[]
  /** True when nothing older exists: the page reached the account's first transaction. */
  complete: boolean
}

/**
 * Lists the transactions an address sent or received, newest first, in blocks up to
 * `toBlock` (inclusive), about `limit` of them; `undefined` when it cannot list them at all (a
 * node without the method and no indexer). JSON-RPC itself cannot list them; Otterscan's
 * `ots_searchTransactionsBefore` and an Etherscan-compatible `txlist` can.
 */
export type NativeHistorySource = (
  address: Address,
  toBlock: bigint,
  limit: number,
) => Promise<NativeTransactionPage | undefined>
