import { type Kysely, sql } from 'kysely'

/**
 * The intent journal, its transactions and the write fence. Column types are the ones both
 * SQLite and PostgreSQL accept (`bigint` is an INTEGER in SQLite, 64-bit on both).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('relayer_intents')
    .addColumn('intent_id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(sql`state in ('received', 'validated', 'signed', 'broadcast', 'confirmed', 'failed')`),
    )
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('chain_id', 'integer', (c) => c.notNull())
    .addColumn('vault_id', 'text', (c) => c.notNull())
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('intent_signature', 'text')
    .addColumn('confirmed_tx_hash', 'text')
    .addColumn('gas_used', 'text')
    .addColumn('error', 'text')
    .addColumn('reported_to_canton', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fencing_token', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // unfinished(): not final or not reported, oldest first.
  await db.schema
    .createIndex('relayer_intents_state_created')
    .on('relayer_intents')
    .columns(['state', 'created_at'])
    .execute()

  await db.schema
    .createTable('relayer_txs')
    .addColumn('intent_id', 'text', (c) => c.notNull().references('relayer_intents.intent_id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('nonce', 'integer', (c) => c.notNull())
    .addColumn('max_fee_per_gas', 'text', (c) => c.notNull())
    .addColumn('max_priority_fee_per_gas', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('fencing_token', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('relayer_txs_pk', ['intent_id', 'seq'])
    .execute()

  await db.schema
    .createTable('relayer_fence')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('token', 'bigint', (c) => c.notNull())
    .execute()
  await db.insertInto('relayer_fence').values({ id: 1, token: 0 }).execute()
}
