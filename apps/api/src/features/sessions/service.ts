import type { RevokedSessionsResponse, SessionsResponse } from '@stratos/schemas'
import { type UserActor, writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { listSessions } from '../../sessions/listSessions.js'
import { revokeOtherSessions, revokeSession } from '../../sessions/queries.js'
import type { AuthSession } from '../../sessions/sessions.js'

/**
 * The signed-in user's sessions: list them, revoke one, revoke all but this one. Each revocation
 * is a security event: its audit entry commits in the same transaction.
 */
export function createSessionsService({ db, clock }: Pick<AppDeps, 'db' | 'clock'>) {
  return {
    async list(auth: AuthSession): Promise<SessionsResponse> {
      return {
        sessions: await listSessions(db, {
          userId: auth.userId,
          currentSessionId: auth.sessionId,
          now: clock(),
        }),
      }
    },

    /** Revokes one of the user's live sessions (`session.revoke`); 404 SESSION_NOT_FOUND for any other id. */
    async revoke(auth: AuthSession, actor: UserActor, sessionId: string): Promise<void> {
      const at = clock()
      await db.transaction().execute(async (trx) => {
        if (!(await revokeSession(trx, { userId: auth.userId, sessionId, at }))) {
          throw new ApiError(404, 'SESSION_NOT_FOUND', 'You have no live session with this id')
        }
        await writeAuditEntry(trx, {
          actor,
          action: 'session.revoke',
          target: auth.userId,
          details: { sessionId, current: sessionId === auth.sessionId },
          at,
        })
      })
    },

    /** Revokes every other live session of the user (`session.revoke_others`, when there was one). */
    async revokeOthers(auth: AuthSession, actor: UserActor): Promise<RevokedSessionsResponse> {
      const at = clock()
      return db.transaction().execute(async (trx) => {
        const revoked = await revokeOtherSessions(trx, {
          userId: auth.userId,
          keepSessionId: auth.sessionId,
          at,
        })
        if (revoked > 0)
          await writeAuditEntry(trx, {
            actor,
            action: 'session.revoke_others',
            target: auth.userId,
            details: { revoked },
            at,
          })
        return { revoked }
      })
    },
  }
}
