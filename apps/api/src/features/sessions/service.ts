import type { RevokedSessionsResponse, SessionsResponse } from '@stratos/schemas'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { listSessions } from '../../sessions/listSessions.js'
import { revokeOtherSessions, revokeSession } from '../../sessions/queries.js'
import type { AuthSession } from '../../sessions/sessions.js'

/** The signed-in user's sessions: list them, revoke one, revoke all but this one. */
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

    /** Revokes one of the user's live sessions; 404 SESSION_NOT_FOUND for any other id. */
    async revoke(auth: AuthSession, sessionId: string): Promise<void> {
      if (!(await revokeSession(db, { userId: auth.userId, sessionId, at: clock() }))) {
        throw new ApiError(404, 'SESSION_NOT_FOUND', 'You have no live session with this id')
      }
    },

    async revokeOthers(auth: AuthSession): Promise<RevokedSessionsResponse> {
      const revoked = await revokeOtherSessions(db, {
        userId: auth.userId,
        keepSessionId: auth.sessionId,
        at: clock(),
      })
      return { revoked }
    },
  }
}
