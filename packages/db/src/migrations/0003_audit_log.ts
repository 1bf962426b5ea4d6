import type { Kysely } from 'kysely'

/**
 * The audit log: one row per admin action, written by apps/api/src/audit/auditLog.ts.
 * Append-only; `actor_user_id` has no foreign key so entries outlive the account that made them.
 * `details` is JSON and never holds a secret (a changed token is recorded as changed, not its value).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .execute()
  // Newest first, paged by (at, id).
  await db.schema.createIndex('audit_log_at_id').on('audit_log').columns(['at', 'id']).execute()
}
