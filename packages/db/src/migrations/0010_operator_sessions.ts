import type { Kysely } from 'kysely'

/**
 * Operators: people who reach the admin console through the company's identity provider (OIDC),
 * never wallet users. An operator is (issuer, subject); its sessions live in `operator_sessions`,
 * a table of their own, so no wallet query (they all start from `users` or `sessions`) can ever
 * resolve one. `operator_logins` holds the state, nonce and PKCE verifier of a sign-in between
 * the redirect to the identity provider and its callback (single use: the callback deletes it).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('operators_issuer_subject', ['issuer', 'subject'])
    .execute()

  await db.schema
    .createTable('operator_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('user_agent', 'text')
    .execute()
  await db.schema
    .createIndex('operator_sessions_operator_id')
    .on('operator_sessions')
    .column('operator_id')
    .execute()

  await db.schema
    .createTable('operator_logins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('operator_logins_expires_at')
    .on('operator_logins')
    .column('expires_at')
    .execute()
}
