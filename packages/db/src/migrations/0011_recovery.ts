import { type Kysely, sql } from 'kysely'

/**
 * Social recovery (docs/key-derivation.md, "Recovery through guardians"). The server holds only
 * public keys and ciphertext: shares sealed to each guardian's X25519 key, and shares re-sealed by
 * guardians to a recovering device's one-time key. It can open none of them.
 *
 * - guardian_keys: a user's guardian public key, published by their browser when they unlock.
 * - recovery_setups: a user's threshold M of N guardians.
 * - recovery_shares: one sealed share per guardian of a setup.
 * - recovery_requests: a recovery started from a new device (its one-time public key, the SHA-256
 *   of the token that device holds), pending until it completes, is cancelled or expires.
 * - recovery_approvals: a guardian's share re-sealed to the device of one request.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('guardian_keys')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('recovery_setups')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('recovery_shares')
    .addColumn('user_id', 'text', (c) =>
      c.notNull().references('recovery_setups.user_id').onDelete('cascade'),
    )
    .addColumn('guardian_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('share_index', 'integer', (c) => c.notNull())
    .addColumn('sealed_share', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recovery_shares_pk', ['user_id', 'guardian_user_id'])
    .execute()
  await db.schema
    .createIndex('recovery_shares_guardian')
    .on('recovery_shares')
    .column('guardian_user_id')
    .execute()

  await db.schema
    .createTable('recovery_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('ephemeral_public_key', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'completed', 'cancelled')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute()
  await db.schema
    .createIndex('recovery_requests_user')
    .on('recovery_requests')
    .columns(['user_id', 'status'])
    .execute()

  await db.schema
    .createTable('recovery_approvals')
    .addColumn('request_id', 'text', (c) =>
      c.notNull().references('recovery_requests.id').onDelete('cascade'),
    )
    .addColumn('guardian_user_id', 'text', (c) => c.notNull())
    .addColumn('share_index', 'integer', (c) => c.notNull())
    .addColumn('sealed_share', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recovery_approvals_pk', ['request_id', 'guardian_user_id'])
    .execute()
}
