import type { Kysely } from 'kysely'

/**
 * Request counters of the rate limits (apps/api/src/http/rateLimit.ts): one row per limit bucket,
 * subject (a client address or an account) and window. Shared by every process serving the
 * instance; rows older than two windows are swept.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_counters_pk', ['bucket', 'subject', 'window_start'])
    .execute()
  // The sweep deletes by age across every bucket.
  await db.schema
    .createIndex('rate_limit_counters_window_start')
    .on('rate_limit_counters')
    .column('window_start')
    .execute()
}
