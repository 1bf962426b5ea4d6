import { type Kysely, sql } from 'kysely'

/**
 * Users administration: a user can be disabled (their sessions end and sign-in is refused) and
 * the last successful sign-in is kept; admins hand out one-time invite links that create an
 * account with a chosen role. Only the SHA-256 of an invite token is stored, never the token.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute()
  await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute()
  // The admin list pages newest first by (created_at, id).
  await db.schema.createIndex('users_created_at_id').on('users').columns(['created_at', 'id']).execute()

  await db.schema
    .createTable('admin_invites')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('user', 'admin')`))
    // No foreign keys to users: an invite and its history outlive the accounts named in it.
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by', 'text')
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema.createIndex('admin_invites_expires_at').on('admin_invites').column('expires_at').execute()
}
