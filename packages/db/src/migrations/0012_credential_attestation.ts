import type { Kysely } from 'kysely'

/**
 * The admin key policy (docs/architecture.md, "Admin key policy"): a passkey whose attestation
 * verified, at registration, against a trusted FIDO metadata statement keeps that statement's
 * description (the authenticator model) in `attested_model`; null for "none" or self attestation,
 * an unlisted model, and passkeys registered before.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('credentials').addColumn('attested_model', 'text').execute()
}
