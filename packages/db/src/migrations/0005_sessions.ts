import type { Kysely } from 'kysely'

/**
 * Sessions the user and admins can see and revoke: the passkey that made each session (removing
 * the passkey revokes them), the client address and when it was last seen. Indexes for the sweep
 * of old sessions (by expiry) and for revoking by passkey. Challenges record the client address
 * that asked, so unexpired challenges can be bounded per client.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('credential_id', 'text').execute()
  await db.schema.alterTable('sessions').addColumn('ip', 'text').execute()
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text').execute()
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute()
  await db.schema.createIndex('sessions_credential_id').on('sessions').column('credential_id').execute()

  await db.schema.alterTable('challenges').addColumn('client', 'text').execute()
  await db.schema
    .createIndex('challenges_client')
    .on('challenges')
    .columns(['client', 'expires_at'])
    .execute()
}
