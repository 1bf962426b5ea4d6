import type { Generated } from 'kysely'
import type { IntentState } from '../types.js'

/**
 * The relayer's own tables (prefixed `relayer_` so they can share a database with the API).
 * Integers that may pass 2^53 (tokens, wei, gas) are bigint columns or decimal strings; times
 * are ISO-8601 strings, as in `@stratos/db`.
 */
export interface RelayerDatabase {
  relayer_intents: RelayerIntentsTable
  relayer_txs: RelayerTxsTable
  relayer_fence: RelayerFenceTable
}

export interface RelayerIntentsTable {
  /** `0x` + 64 hex, unique: one row per Canton intent however often it is seen. */
  intent_id: string
  state: IntentState
  contract_id: string
  chain_id: number
  vault_id: string
  /** The `CantonIntent` as JSON, bigints as decimal strings. */
  intent: string
  intent_signature: string | null
  confirmed_tx_hash: string | null
  /** Decimal string. */
  gas_used: string | null
  error: string | null
  /** 0 or 1 (SQLite has no boolean). */
  reported_to_canton: number
  /** bigint column; read back through `cast(... as text)` so no engine rounds it. */
  fencing_token: bigint | string
  created_at: string
  updated_at: string
}

export interface RelayerTxsTable {
  intent_id: string
  /** 0, 1, 2… per intent, in the order the transactions were journaled. */
  seq: number
  hash: string
  raw: string
  nonce: number
  /** Decimal strings (wei). */
  max_fee_per_gas: string
  max_priority_fee_per_gas: string
  sent_at: string
  fencing_token: bigint | string
}

export interface RelayerFenceTable {
  /** Always 1: the table has one row. */
  id: Generated<number>
  /** The highest fencing token that has written. */
  token: bigint | string
}
