import { changeRows, type Database, expectRows } from '@stratos/db/portable'
import type { Kysely, Transaction } from 'kysely'

type Executor = Kysely<Database> | Transaction<Database>

/** The user's live sessions at `now` (not revoked, not expired), newest first. */
export function selectLiveSessions(db: Executor, userId: string, now: Date) {
  return db
    .selectFrom('sessions')
    .select(['id', 'user_agent', 'ip', 'created_at', 'last_seen_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

/** Revokes the user's live session `sessionId`; false when they have no such live session. */
export async function revokeSession(
  db: Executor,
  { userId, sessionId, at }: { userId: string; sessionId: string; at: Date },
): Promise<boolean> {
  return expectRows(
    db,
    db
      .updateTable('sessions')
      .set({ revoked_at: at.toISOString() })
      .where('id', '=', sessionId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at.toISOString()),
    1,
  )
}

/** Revokes every live session of the user but `keepSessionId`; returns how many. */
export async function revokeOtherSessions(
  db: Executor,
  { userId, keepSessionId, at }: { userId: string; keepSessionId: string; at: Date },
): Promise<number> {
  return changeRows(
    db,
    db
      .updateTable('sessions')
      .set({ revoked_at: at.toISOString() })
      .where('user_id', '=', userId)
      .where('id', '!=', keepSessionId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at.toISOString()),
  )
}

/**
 * Revokes every live session the passkey `credentialId` made (run in the transaction that removes
 * the passkey: a removed passkey leaves no session signed in with it). Returns how many.
 */
export async function revokeCredentialSessions(
  db: Executor,
  credentialId: string,
  at: Date,
): Promise<number> {
  return changeRows(
    db,
    db
      .updateTable('sessions')
      .set({ revoked_at: at.toISOString() })
      .where('credential_id', '=', credentialId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at.toISOString()),
  )
}
