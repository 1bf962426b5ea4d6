import type { Kysely } from 'kysely'

/**
 * The instance's networks and tokens (issue 13): the chains its wallets use, set by admins.
 *
 * - networks: one row per network, `secrets` sealed under the instance key (the endpoint, which may
 *   carry a provider key, the API key and the indexer URL); booleans as 0/1; `chain_id` as text,
 *   since an EVM chain id may pass PostgreSQL's 32-bit integer.
 * - tokens: a network's tokens by contract/mint/master address, one per address.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('networks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('testnet', 'integer', (c) => c.notNull())
    .addColumn('chain_id', 'text')
    .addColumn('bitcoin_network', 'text')
    .addColumn('ton_network', 'text')
    .addColumn('genesis_hash', 'text')
    .addColumn('native_symbol', 'text', (c) => c.notNull())
    .addColumn('native_decimals', 'integer', (c) => c.notNull())
    .addColumn('native_price_id', 'text')
    .addColumn('explorer_tx_url', 'text')
    .addColumn('explorer_address_url', 'text')
    .addColumn('api_key_header', 'text')
    .addColumn('has_indexer', 'integer', (c) => c.notNull())
    .addColumn('secrets', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('decimals', 'integer', (c) => c.notNull())
    .addColumn('icon', 'text')
    .addColumn('price_id', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('tokens_network_address', ['network_id', 'address'])
    .execute()
}
