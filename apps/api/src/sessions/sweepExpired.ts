import type { Database } from '@stratos/db/portable'
import type { Kysely } from 'kysely'

/**
 * How long a session row stays after it expired or was revoked: a day, so what happened recently
 * can still be looked up in the database. A deleted row refuses its cookie like a revoked one.
 */
export const SESSION_GRACE_SECONDS = 24 * 60 * 60

/** How often `startApiServer` sweeps. */
export const SWEEP_INTERVAL_MS = 10 * 60 * 1000

export interface SweepResult {
  sessions: number
  challenges: number
  /** Operator (OIDC) sessions, and operator sign-ins whose callback never came. */
  operatorSessions: number
  operatorLogins: number
}

/**
 * Deletes sessions (wallet and operator) that expired or were revoked more than `graceSeconds`
 * before `now`, and every challenge and pending operator sign-in expired at `now` (neither can be
 * answered any more). Returns how many rows of each went.
 */
export async function sweepExpired(
  db: Kysely<Database>,
  now: Date,
  { graceSeconds = SESSION_GRACE_SECONDS }: { graceSeconds?: number } = {},
): Promise<SweepResult> {
  const cutoff = new Date(now.getTime() - graceSeconds * 1000).toISOString()
  const sessions = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', cutoff), eb('revoked_at', '<=', cutoff)]))
    .executeTakeFirst()
  const challenges = await db
    .deleteFrom('challenges')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst()
  const operatorSessions = await db
    .deleteFrom('operator_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', cutoff), eb('revoked_at', '<=', cutoff)]))
    .executeTakeFirst()
  const operatorLogins = await db
    .deleteFrom('operator_logins')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst()
  return {
    sessions: Number(sessions.numDeletedRows),
    challenges: Number(challenges.numDeletedRows),
    operatorSessions: Number(operatorSessions.numDeletedRows),
    operatorLogins: Number(operatorLogins.numDeletedRows),
  }
}
