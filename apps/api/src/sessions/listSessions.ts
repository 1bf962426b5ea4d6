import type { Database } from '@stratos/db/portable'
import type { SessionInfo } from '@stratos/schemas'
import type { Kysely } from 'kysely'
import { describeUserAgent } from './describeUserAgent.js'
import { selectLiveSessions } from './queries.js'

/**
 * The user's live sessions as the sessions list shows them, newest first; `currentSessionId` (the
 * caller's) is marked `current`.
 */
export async function listSessions(
  db: Kysely<Database>,
  { userId, currentSessionId, now }: { userId: string; currentSessionId: string; now: Date },
): Promise<SessionInfo[]> {
  const rows = await selectLiveSessions(db, userId, now)
  return rows.map((row) => ({
    id: row.id,
    ...describeUserAgent(row.user_agent),
    ip: row.ip,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    current: row.id === currentSessionId,
  }))
}
