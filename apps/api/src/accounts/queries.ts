import type { AddressRow, Database } from '@stratos/db/portable'
import { CHAINS, type ChainAddresses } from '@stratos/schemas'
import type { Kysely, Transaction } from 'kysely'

type Executor = Kysely<Database> | Transaction<Database>

/** Public addresses are stored per chain at account index 0 (the only account for now). */
export const ACCOUNT_INDEX = 0

export function selectUser(db: Executor, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'created_at'])
    .where('id', '=', userId)
    .executeTakeFirst()
}

export function selectCredentials(db: Executor, userId: string) {
  return db
    .selectFrom('credentials')
    .select([
      'id',
      'name',
      'aaguid',
      'created_at',
      'last_used_at',
      'device_type',
      'backed_up',
      'transports',
      'wrapped_entropy',
    ])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute()
}

export function selectAddresses(db: Executor, userId: string): Promise<AddressRow[]> {
  return db
    .selectFrom('addresses')
    .selectAll()
    .where('user_id', '=', userId)
    .where('account_index', '=', ACCOUNT_INDEX)
    .execute()
}

/**
 * Inserts the addresses that are not stored yet and never overwrites one that is: the caller
 * compares what is stored afterwards with what it sent.
 */
export async function insertMissingAddresses(
  db: Executor,
  userId: string,
  addresses: ChainAddresses,
  now: string,
): Promise<void> {
  await db
    .insertInto('addresses')
    .values(
      CHAINS.map((chain) => ({
        user_id: userId,
        chain,
        account_index: ACCOUNT_INDEX,
        address: addresses[chain],
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'chain', 'account_index']).doNothing())
    .execute()
}
