import { type Database, expectRows } from '@stratos/db/portable'
import type { Kysely, Transaction } from 'kysely'

type Executor = Kysely<Database> | Transaction<Database>

/** What a new passkey of an existing user is created with: the same WebAuthn user handle and name. */
export function selectPasskeyUser(db: Executor, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'webauthn_user_id'])
    .where('id', '=', userId)
    .executeTakeFirst()
}

/**
 * Takes the write lock on the user's row for the rest of the transaction (a no-op update: row lock
 * on PostgreSQL, the database write lock on SQLite), so that two concurrent removals cannot both
 * see two passkeys and leave none. False when the user does not exist.
 */
export async function lockUser(trx: Transaction<Database>, userId: string): Promise<boolean> {
  return expectRows(
    trx,
    trx
      .updateTable('users')
      .set((eb) => ({ id: eb.ref('id') }))
      .where('id', '=', userId),
    1,
  )
}

export async function countCredentials(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('credentials')
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Deletes the user's credential `credentialId`; true if it existed and was theirs. */
export async function deleteCredential(db: Executor, userId: string, credentialId: string): Promise<boolean> {
  return expectRows(
    db,
    db.deleteFrom('credentials').where('id', '=', credentialId).where('user_id', '=', userId),
    1,
  )
}

/** Sets the name of the user's credential `credentialId`; true if it exists and is theirs. */
export async function renameCredential(
  db: Executor,
  userId: string,
  credentialId: string,
  name: string | null,
): Promise<boolean> {
  return expectRows(
    db,
    db.updateTable('credentials').set({ name }).where('id', '=', credentialId).where('user_id', '=', userId),
    1,
  )
}
