import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { Hex } from 'viem'
import { JournalStateError, StaleLeaderError } from '../errors.js'
import {
  type CantonIntent,
  FINAL_STATES,
  type IntentState,
  type Journal,
  type JournalEntry,
  type JournalTx,
} from '../types.js'
import type { RelayerDatabase, RelayerIntentsTable, RelayerTxsTable } from './schema.js'

export type CreateJournalReturnType = Journal

export interface CreateJournalOptions {
  /** The clock of the entries' `created_at` / `updated_at`. Default `new Date()`. */
  now?: (() => Date) | undefined
}

/**
 * The state machine: each state and the states it may move to. `broadcast -> broadcast` (a fee
 * bump or a rebroadcast) is not a transition: it is `addTx`, which leaves the state alone.
 */
export const JOURNAL_TRANSITIONS: Readonly<Record<IntentState, readonly IntentState[]>> = {
  received: ['validated', 'failed'],
  validated: ['signed', 'failed'],
  signed: ['broadcast', 'failed'],
  broadcast: ['confirmed', 'failed'],
  confirmed: [],
  failed: [],
}

/** States in which a transaction may be journaled (before its first send, and while in flight). */
const TX_STATES: readonly IntentState[] = ['signed', 'broadcast']

const STATES = Object.keys(JOURNAL_TRANSITIONS) as IntentState[]

type Db = Kysely<RelayerDatabase>
type Trx = Transaction<RelayerDatabase>
type IntentRow = Omit<Selectable<RelayerIntentsTable>, 'fencing_token'> & { fencing_token: string }
type TxRow = Omit<Selectable<RelayerTxsTable>, 'fencing_token'>

/**
 * The intent journal on a migrated database (see `migrateJournal`), SQLite or PostgreSQL.
 *
 * Every write is one transaction that starts with the fence: `UPDATE relayer_fence SET token = t
 * WHERE token <= t`. No row updated means a higher token has written: the write is refused with
 * `StaleLeaderError` and the transaction rolls back, so nothing of it lands. On PostgreSQL that
 * update takes the fence row's lock until commit, so writers are serialized and a stale leader
 * cannot slip a write in between a newer leader's fence and its write; on SQLite the write lock
 * does the same. The journal owns `db`: `close()` destroys it.
 *
 * - `receive` of an intent id already journaled returns `created: false` and the stored entry
 *   unchanged, even when the contract differs (compare `entry.contractId` to tell).
 * - `transition` checks the move against `JOURNAL_TRANSITIONS` for every state in `from`, and
 *   the stored state against `from` (`JournalStateError`, code `INVALID_TRANSITION`).
 * - `addTx` is allowed in `signed` (journal before the first send) and `broadcast` and does not
 *   change the state; the same hash again is a no-op; a hash journaled for another intent is
 *   `TX_CONFLICT`.
 * - `markReported` is allowed in `confirmed` / `failed` only and is idempotent.
 * - A refused write (stale token, invalid move) changes nothing, the fence included.
 * - `created_at` / `updated_at` come from `options.now` (default the system clock);
 *   `unfinished()` lists the oldest first.
 */
export function createJournal<DB>(
  database: Kysely<DB>,
  options: CreateJournalOptions = {},
): CreateJournalReturnType {
  const db = database as unknown as Db
  const now = options.now ?? (() => new Date())

  async function write<T>(
    token: bigint,
    intentId: Hex | undefined,
    fn: (trx: Trx) => Promise<T>,
  ): Promise<T> {
    if (typeof token !== 'bigint' || token <= 0n) {
      throw new StaleLeaderError(`Not a fencing token: ${String(token)}`)
    }
    return db.transaction().execute(async (trx) => {
      const fenced = await trx
        .updateTable('relayer_fence')
        .set({ token })
        .where('id', '=', 1)
        .where('token', '<=', token)
        .executeTakeFirst()
      if (fenced.numUpdatedRows === 0n) {
        throw new StaleLeaderError(
          `Journal write refused: a leader with a higher fencing token than ${token} has written`,
          intentId ? { details: `intent ${intentId}` } : {},
        )
      }
      return fn(trx)
    })
  }

  async function load(trx: Db | Trx, intentId: string): Promise<JournalEntry | undefined> {
    const row = await selectIntents(trx).where('intent_id', '=', intentId).executeTakeFirst()
    if (!row) return undefined
    const txs = await selectTxs(trx).where('intent_id', '=', intentId).orderBy('seq').execute()
    return toEntry(row, txs)
  }

  async function loadExisting(trx: Trx, intentId: Hex): Promise<JournalEntry> {
    const entry = await load(trx, intentId)
    if (!entry) throw new JournalStateError('INTENT_NOT_FOUND', `Intent ${intentId} is not in the journal`)
    return entry
  }

  return {
    async receive(token, intent) {
      return write(token, intent.intentId, async (trx) => {
        const at = now().toISOString()
        const inserted = await trx
          .insertInto('relayer_intents')
          .values({
            intent_id: intent.intentId,
            state: 'received',
            contract_id: intent.contractId,
            chain_id: intent.chainId,
            vault_id: intent.vaultId,
            intent: serializeIntent(intent),
            intent_signature: null,
            confirmed_tx_hash: null,
            gas_used: null,
            error: null,
            reported_to_canton: 0,
            fencing_token: token,
            created_at: at,
            updated_at: at,
          })
          .onConflict((oc) => oc.column('intent_id').doNothing())
          .executeTakeFirst()
        const created = (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n
        return { created, entry: await loadExisting(trx, intent.intentId) }
      })
    },

    async transition(token, intentId, from, to, patch = {}) {
      const impossible = from.filter((state) => !JOURNAL_TRANSITIONS[state].includes(to))
      if (from.length === 0 || impossible.length > 0) {
        throw new JournalStateError(
          'INVALID_TRANSITION',
          `The journal does not allow ${(impossible.length ? impossible : ['(no state)']).join('|')} -> ${to}`,
        )
      }
      return write(token, intentId, async (trx) => {
        const current = await loadExisting(trx, intentId)
        if (!from.includes(current.state)) {
          throw new JournalStateError(
            'INVALID_TRANSITION',
            `Intent ${intentId} is ${current.state}, not ${from.join('|')}: cannot move it to ${to}`,
          )
        }
        await trx
          .updateTable('relayer_intents')
          .set({
            state: to,
            fencing_token: token,
            updated_at: now().toISOString(),
            ...(patch.intentSignature !== undefined && { intent_signature: patch.intentSignature }),
            ...(patch.confirmedTxHash !== undefined && { confirmed_tx_hash: patch.confirmedTxHash }),
            ...(patch.gasUsed !== undefined && {
              gas_used: patch.gasUsed === null ? null : String(patch.gasUsed),
            }),
            ...(patch.error !== undefined && { error: patch.error }),
          })
          .where('intent_id', '=', intentId)
          .where('state', '=', current.state)
          .execute()
        return loadExisting(trx, intentId)
      })
    },

    async addTx(token, intentId, tx) {
      return write(token, intentId, async (trx) => {
        const current = await loadExisting(trx, intentId)
        const same = current.txs.find((t) => t.hash.toLowerCase() === tx.hash.toLowerCase())
        // The same transaction journaled again (a retried write): nothing new to keep.
        if (same) return current
        if (!TX_STATES.includes(current.state)) {
          throw new JournalStateError(
            'INVALID_TRANSITION',
            `Intent ${intentId} is ${current.state}: transactions are journaled only when ${TX_STATES.join('|')}`,
          )
        }
        const elsewhere = await trx
          .selectFrom('relayer_txs')
          .select('intent_id')
          .where('hash', '=', tx.hash)
          .executeTakeFirst()
        if (elsewhere) {
          throw new JournalStateError(
            'TX_CONFLICT',
            `Transaction ${tx.hash} is already journaled for intent ${elsewhere.intent_id}`,
          )
        }
        await trx
          .insertInto('relayer_txs')
          .values({
            intent_id: intentId,
            seq: current.txs.length,
            hash: tx.hash,
            raw: tx.raw,
            nonce: tx.nonce,
            max_fee_per_gas: String(tx.maxFeePerGas),
            max_priority_fee_per_gas: String(tx.maxPriorityFeePerGas),
            sent_at: tx.sentAt.toISOString(),
            fencing_token: token,
          })
          .execute()
        await trx
          .updateTable('relayer_intents')
          .set({ fencing_token: token, updated_at: now().toISOString() })
          .where('intent_id', '=', intentId)
          .execute()
        return loadExisting(trx, intentId)
      })
    },

    async markReported(token, intentId) {
      return write(token, intentId, async (trx) => {
        const current = await loadExisting(trx, intentId)
        if (!FINAL_STATES.includes(current.state)) {
          throw new JournalStateError(
            'INVALID_TRANSITION',
            `Intent ${intentId} is ${current.state}: only a confirmed or failed intent is reported to Canton`,
          )
        }
        if (current.reportedToCanton) return current
        await trx
          .updateTable('relayer_intents')
          .set({ reported_to_canton: 1, fencing_token: token, updated_at: now().toISOString() })
          .where('intent_id', '=', intentId)
          .execute()
        return loadExisting(trx, intentId)
      })
    },

    async get(intentId) {
      return load(db, intentId)
    },

    async unfinished() {
      const unfinishedRows = (q: ReturnType<typeof selectIntents>) =>
        q.where((eb) => eb.or([eb('state', 'not in', FINAL_STATES), eb('reported_to_canton', '=', 0)]))
      const rows = await unfinishedRows(selectIntents(db))
        .orderBy('created_at')
        .orderBy('intent_id')
        .execute()
      if (rows.length === 0) return []
      const txs = await selectTxs(db)
        .where('intent_id', 'in', (eb) =>
          eb
            .selectFrom('relayer_intents')
            .select('intent_id')
            .where((w) => w.or([w('state', 'not in', FINAL_STATES), w('reported_to_canton', '=', 0)])),
        )
        .orderBy('intent_id')
        .orderBy('seq')
        .execute()
      const byIntent = new Map<string, TxRow[]>()
      for (const tx of txs) byIntent.set(tx.intent_id, [...(byIntent.get(tx.intent_id) ?? []), tx])
      return rows.map((row) => toEntry(row, byIntent.get(row.intent_id) ?? []))
    },

    async countByState() {
      const rows = await db
        .selectFrom('relayer_intents')
        .select(['state', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
        .groupBy('state')
        .execute()
      const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<IntentState, number>
      for (const row of rows) counts[row.state] = Number(row.n)
      return counts
    },

    async close() {
      await db.destroy()
    },
  }
}

function selectIntents(db: Db | Trx) {
  return db.selectFrom('relayer_intents').select([
    'intent_id',
    'state',
    'contract_id',
    'chain_id',
    'vault_id',
    'intent',
    'intent_signature',
    'confirmed_tx_hash',
    'gas_used',
    'error',
    'reported_to_canton',
    // bigint: PostgreSQL hands it back as a string, SQLite as a number that may round; text is exact on both.
    sql<string>`cast(fencing_token as text)`.as('fencing_token'),
    'created_at',
    'updated_at',
  ])
}

function selectTxs(db: Db | Trx) {
  return db
    .selectFrom('relayer_txs')
    .select([
      'intent_id',
      'seq',
      'hash',
      'raw',
      'nonce',
      'max_fee_per_gas',
      'max_priority_fee_per_gas',
      'sent_at',
    ])
}

function toEntry(row: IntentRow, txs: readonly TxRow[]): JournalEntry {
  return {
    intentId: row.intent_id as Hex,
    contractId: row.contract_id,
    chainId: Number(row.chain_id),
    vaultId: row.vault_id as Hex,
    state: row.state,
    intent: parseIntent(row.intent),
    intentSignature: (row.intent_signature as Hex | null) ?? null,
    txs: txs.map(
      (t): JournalTx => ({
        hash: t.hash as Hex,
        raw: t.raw as Hex,
        nonce: Number(t.nonce),
        maxFeePerGas: BigInt(t.max_fee_per_gas),
        maxPriorityFeePerGas: BigInt(t.max_priority_fee_per_gas),
        sentAt: new Date(t.sent_at),
      }),
    ),
    confirmedTxHash: (row.confirmed_tx_hash as Hex | null) ?? null,
    gasUsed: row.gas_used === null ? null : BigInt(row.gas_used),
    error: row.error,
    reportedToCanton: Number(row.reported_to_canton) === 1,
    fencingToken: BigInt(row.fencing_token),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  }
}

type StoredIntent = Omit<CantonIntent, 'value' | 'nonce' | 'deadline'> & {
  value: string
  nonce: string
  deadline: string
}

function serializeIntent(intent: CantonIntent): string {
  const stored: StoredIntent = {
    contractId: intent.contractId,
    institution: intent.institution,
    operator: intent.operator,
    intentId: intent.intentId,
    vaultId: intent.vaultId,
    chainId: intent.chainId,
    vault: intent.vault,
    adapter: intent.adapter,
    callData: intent.callData,
    value: intent.value.toString(),
    nonce: intent.nonce.toString(),
    deadline: intent.deadline.toString(),
    regulator: intent.regulator,
  }
  return JSON.stringify(stored)
}

function parseIntent(json: string): CantonIntent {
  const stored = JSON.parse(json) as StoredIntent
  return {
    ...stored,
    // Entries journaled before intents named a regulator have none.
    regulator: stored.regulator ?? null,
    value: BigInt(stored.value),
    nonce: BigInt(stored.nonce),
    deadline: BigInt(stored.deadline),
  }
}
