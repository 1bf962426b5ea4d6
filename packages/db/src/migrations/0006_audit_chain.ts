import type { Kysely } from 'kysely'
import { AUDIT_GENESIS_HASH, hashAuditEntry } from '../audit/auditChain.js'

const BATCH = 500

/**
 * The audit log becomes a hash chain (see `audit/auditChain.ts`) and records security events too:
 * `seq` (1, 2, 3… unique), `prev_hash` and `hash`; `user_agent`; `actor_user_id` nullable (a failed
 * sign-in has no user). The table is rebuilt (SQLite cannot make a column nullable in place) and
 * the existing entries are chained in (at, id) order, the order the log has always shown them.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log_chained')
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute()
  let seq = 0
  let prevHash = AUDIT_GENESIS_HASH
  let last: { at: string; id: string } | undefined
  for (;;) {
    let query = db.selectFrom('audit_log').selectAll().orderBy('at').orderBy('id').limit(BATCH)
    if (last) {
      const { at, id } = last
      query = query.where((eb) => eb.or([eb('at', '>', at), eb.and([eb('at', '=', at), eb('id', '>', id)])]))
    }
    const rows = await query.execute()
    if (rows.length === 0) break
    const chained = []
    for (const row of rows) {
      seq += 1
      const fields = {
        seq,
        id: row.id as string,
        at: row.at as string,
        actor_user_id: row.actor_user_id as string,
        action: row.action as string,
        target: row.target as string | null,
        details: row.details as string,
        request_id: row.request_id as string | null,
        ip: row.ip as string | null,
        user_agent: null,
        prev_hash: prevHash,
      }
      prevHash = await hashAuditEntry(fields)
      chained.push({ ...fields, hash: prevHash })
    }
    await db.insertInto('audit_log_chained').values(chained).execute()
    const end = rows.at(-1)!
    last = { at: end.at, id: end.id }
  }
  await db.schema.dropTable('audit_log').execute()
  await db.schema.alterTable('audit_log_chained').renameTo('audit_log').execute()
  await db.schema.createIndex('audit_log_seq').on('audit_log').column('seq').unique().execute()
  // The admin list: newest first, paged by (at, id).
  await db.schema.createIndex('audit_log_at_id').on('audit_log').columns(['at', 'id']).execute()
  // A user's sign-in history: the events on their credentials (target) or by them (actor).
  await db.schema.createIndex('audit_log_target').on('audit_log').column('target').execute()
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_user_id', 'at']).execute()
}
