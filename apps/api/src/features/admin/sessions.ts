import type { RevokedSessionsResponse, SessionsResponse } from '@stratos/schemas'
import { type Actor, writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { listSessions } from '../../sessions/listSessions.js'
import { revokeUserSessions } from '../../sessions/revokeUserSessions.js'

/** A user's live sessions, as an admin sees them (`current`: the admin's own session). */
export async function listUserSessions(
  { db, clock }: Pick<AppDeps, 'db' | 'clock'>,
  userId: string,
  currentSessionId: string,
): Promise<SessionsResponse> {
  await requireUser(db, userId)
  return { sessions: await listSessions(db, { userId, currentSessionId, now: clock() }) }
}

/**
 * Revokes every live session of the user, with its audit entry (`user.sessions.revoke`) in the
 * same transaction.
 */
export async function revokeAllUserSessions(
  { db, clock }: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  userId: string,
): Promise<RevokedSessionsResponse> {
  const at = clock()
  return db.transaction().execute(async (trx) => {
    await requireUser(trx, userId)
    const revoked = await revokeUserSessions(trx, userId, at)
    await writeAuditEntry(trx, {
      actor,
      action: 'user.sessions.revoke',
      target: userId,
      details: { revoked },
      at,
    })
    return { revoked }
  })
}

async function requireUser(db: AppDeps['db'], userId: string): Promise<void> {
  const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()
  if (!user) throw new ApiError(404, 'USER_NOT_FOUND', 'No user has this id')
}
