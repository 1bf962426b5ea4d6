import type { Kysely } from 'kysely'

/**
 * Passkey metadata shown to its owner: the authenticator's AAGUID (from the attested credential
 * data at registration; null for passkeys registered before, and all zeros for authenticators
 * that hide it) and a name the user chooses.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('credentials').addColumn('aaguid', 'text').execute()
  await db.schema.alterTable('credentials').addColumn('name', 'text').execute()
}
