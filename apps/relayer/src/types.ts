/**
 * The seams between the relayer's parts. Leadership, journal and signer are built in
 * `leader/`, `journal/` and `signer/`; the chain sender, the Canton side and the service
 * (`chain/`, `canton/`, `term/`, `createRelayer.ts`) use them only through these types.
 */
import type { Address, Hex, PublicClient } from 'viem'

/** One DeFi intent as read from Canton (the `Stratos.DeFi.Intent:DeFiIntent` contract). */
export type CantonIntent = {
  /** Canton contract id of the DeFiIntent. */
  contractId: string
  institution: string
  operator: string
  intentId: Hex
  vaultId: Hex
  chainId: number
  vault: Address
  adapter: Address
  callData: Hex
  value: bigint
  nonce: bigint
  /** Unix seconds. */
  deadline: bigint
  /** The regulator the intent names (observer of it and of its outcome), or null for none. */
  regulator: string | null
}

export type IntentState = 'received' | 'validated' | 'signed' | 'broadcast' | 'confirmed' | 'failed'
export const FINAL_STATES: readonly IntentState[] = ['confirmed', 'failed']

/** One EVM transaction sent for an intent; every one is kept (fee bumps add more). */
export type JournalTx = {
  hash: Hex
  /** The signed raw transaction, so a new leader can rebroadcast it unchanged. */
  raw: Hex
  nonce: number
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
  sentAt: Date
}

export type JournalEntry = {
  intentId: Hex
  contractId: string
  chainId: number
  vaultId: Hex
  state: IntentState
  intent: CantonIntent
  /** The EIP-712 signature over the intent, once signed. */
  intentSignature: Hex | null
  txs: JournalTx[]
  /** The hash of the transaction that executed the intent, once confirmed. */
  confirmedTxHash: Hex | null
  gasUsed: bigint | null
  error: string | null
  /** Canton outcome written (DeFiIntent_MarkExecuted / _MarkFailed exercised). */
  reportedToCanton: boolean
  /** Fencing token of the leader that made the last write. */
  fencingToken: bigint
  createdAt: Date
  updatedAt: Date
}

/**
 * The durable intent journal. Every write takes the writer's fencing token and is refused
 * with `StaleLeaderError` when a higher token has already written (the fence is checked in
 * the same database transaction as the write).
 */
export type Journal = {
  /** Records a newly seen intent in state `received`; `created: false` when it was already there. */
  receive(token: bigint, intent: CantonIntent): Promise<{ created: boolean; entry: JournalEntry }>
  /** Moves an entry from one of `from` to `to`, applying `patch`; throws when it is in another state. */
  transition(
    token: bigint,
    intentId: Hex,
    from: readonly IntentState[],
    to: IntentState,
    patch?: Partial<Pick<JournalEntry, 'intentSignature' | 'confirmedTxHash' | 'gasUsed' | 'error'>>,
  ): Promise<JournalEntry>
  /** Appends a transaction (first send, rebroadcast of a new signature, fee bump). */
  addTx(token: bigint, intentId: Hex, tx: JournalTx): Promise<JournalEntry>
  markReported(token: bigint, intentId: Hex): Promise<JournalEntry>
  get(intentId: Hex): Promise<JournalEntry | undefined>
  /** Entries not final, or final but not yet reported to Canton, oldest first. */
  unfinished(): Promise<JournalEntry[]>
  /** Count by state (for the queue depth gauge). */
  countByState(): Promise<Record<IntentState, number>>
  close(): Promise<void>
}

/** Leadership through etcd; the fencing token is the campaign key's create revision. */
export type Leadership = {
  readonly relayerId: string
  /** True while this instance holds the lease it was elected with (local view, no round trip). */
  isLeader(): boolean
  /** The current fencing token, or undefined when not leader. */
  fencingToken(): bigint | undefined
  /**
   * Confirms with etcd (linearizable) that this instance's campaign key still exists with its
   * revision and its lease is alive; returns the token, else throws `StaleLeaderError`.
   */
  assertLeader(): Promise<bigint>
  /** Resolves when elected (campaigns until then). */
  waitUntilLeader(signal?: AbortSignal): Promise<bigint>
  /** Called once each time leadership is lost (lease expired, key deleted, resign). */
  onLost(listener: (reason: string) => void): () => void
  resign(): Promise<void>
  close(): Promise<void>
}

/** A secp256k1 key that signs 32-byte digests (local key or AWS KMS). */
export type DigestSigner = {
  readonly kind: 'local' | 'kms'
  address(): Promise<Address>
  /** Signs a 32-byte digest; the signature is normalised to low-s with the recovery bit. */
  signDigest(digest: Hex): Promise<{ r: Hex; s: Hex; yParity: 0 | 1 }>
}

/** Thrown when a write or a signature is attempted without (or with an outdated) leadership. */
export { StaleLeaderError } from './errors.js'

/** One EVM chain the relayer executes on. */
export interface RelayerChain {
  client: PublicClient
  /** Confirmation depth (1 = mined). */
  confirmations: number
  /** First block searched for `IntentExecuted` events. Default 0. */
  logsFromBlock?: bigint | undefined
}
