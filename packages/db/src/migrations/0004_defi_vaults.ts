import type { Kysely } from 'kysely'

/**
 * Canton DeFi: the vault (CantonDeFiVault on an EVM chain) whose intents a user's Canton party
 * authorizes, one per party, with the adapters, the cToken and swap fee tier the wallet encodes
 * calls with and the tokens it shows. Registered by an admin, or deployed in dev mode. No foreign
 * key to canton_parties: an admin may register a vault before the party's user exists here.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('defi_vaults')
    .addColumn('party_id', 'text', (c) => c.primaryKey())
    .addColumn('chain_id', 'integer', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('vault_id', 'text', (c) => c.notNull().unique())
    .addColumn('adapters', 'text', (c) => c.notNull())
    .addColumn('c_token', 'text')
    .addColumn('swap_fee', 'integer', (c) => c.notNull())
    .addColumn('assets', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  // The relayer of a chain loads that chain's vaults.
  await db.schema.createIndex('defi_vaults_chain_id').on('defi_vaults').column('chain_id').execute()
}
