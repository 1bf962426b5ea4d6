import { type Kysely, PostgresAdapter, sql, type Transaction } from 'kysely'
import { isD1 } from '../d1/createD1Database.js'
import type { Database } from '../schema.js'
import { AUDIT_GENESIS_HASH, type AuditChainFields, hashAuditEntry } from './auditChain.js'

/**
 * The PostgreSQL transaction-level advisory lock that serializes appends to the audit chain
 * ("STRATOS\x02" read as a signed 64-bit integer; the instance lock is "STRATOS\x01").
 */
export const AUDIT_CHAIN_LOCK_KEY = '6004514643732550402'

/** An entry to append: everything but its place in the chain, which the append decides. */
export type NewAuditEntry = Omit<AuditChainFields, 'seq' | 'prev_hash'>

/** Where an entry sits in the chain. */
export interface AuditChainLink {
  seq: number
  hash: string
}

/**
 * Appends an entry at the head of the audit chain: seq = head + 1, prev_hash = the head's hash.
 * Pass the transaction of the change it records, so both commit or neither does; given the
 * database itself, the append runs in its own transaction.
 *
 * Appends never fork the chain: on PostgreSQL the transaction takes {@link AUDIT_CHAIN_LOCK_KEY}
 * (`pg_advisory_xact_lock`, held to its commit or rollback) before reading the head; SQLite runs
 * one write transaction at a time, and the append takes its write lock before reading the head.
 * On D1 the head is read from committed data and the insert waits for the commit's batch: the
 * unique index on `seq` refuses it when another append committed first, and the transaction runs
 * again on the new head (`createD1Database`). The index refuses a fork on every engine.
 */
export async function appendAuditEntry(db: Kysely<Database>, entry: NewAuditEntry): Promise<AuditChainLink> {
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAuditEntry(trx, entry))
  const trx = db as Transaction<Database>
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY}::bigint)`.execute(trx)
  } else if (!isD1(trx)) {
    // SQLite: a write that changes nothing takes the database's write lock now (waiting out
    // busy_timeout), so another process's append cannot commit between our read of the head and
    // our insert; a deferred transaction would otherwise read a head that is stale by then.
    await sql`update audit_log set seq = seq where 1 = 0`.execute(trx)
  }
  const head = await selectAuditHead(trx)
  const fields: AuditChainFields = {
    ...entry,
    seq: (head?.seq ?? 0) + 1,
    prev_hash: head?.hash ?? AUDIT_GENESIS_HASH,
  }
  const hash = await hashAuditEntry(fields)
  await trx
    .insertInto('audit_log')
    .values({ ...fields, hash })
    .execute()
  return { seq: fields.seq, hash }
}

/** The last entry of the chain (highest seq), or undefined when the log is empty. */
export async function selectAuditHead(db: Kysely<Database>): Promise<AuditChainLink | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined
}
