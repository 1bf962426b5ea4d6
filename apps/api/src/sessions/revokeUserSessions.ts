import { changeRows, type Database } from '@stratos/db/portable'
import type { Kysely, Transaction } from 'kysely'

/**
 * Revokes every live session of `userId` at `at` (each of its cookies is refused from the next
 * request on). Pass the transaction of the change that calls for it (an admin's revocation with
 * its audit entry, a disabled account) so both commit together. Returns how many were live.
 */
export async function revokeUserSessions(
  db: Kysely<Database> | Transaction<Database>,
  userId: string,
  at: Date,
): Promise<number> {
  return changeRows(
    db,
    db
      .updateTable('sessions')
      .set({ revoked_at: at.toISOString() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at.toISOString()),
  )
}
