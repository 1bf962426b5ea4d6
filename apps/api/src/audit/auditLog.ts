import type { Database } from '@stratos/db'
import type { AuditEntry } from '@stratos/schemas'
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { AppEnv } from '../context.js'
import { randomId } from '../encoding.js'
import type { OperatorSession } from '../sessions/operatorSessions.js'

/** Who acts, for the audit log: the user, the request and the client address it came from. */
export interface Actor {
  /** The wallet user's id, or `operator:<operators.id>` for an operator signed in through OIDC. */
  userId: string
  requestId: string | undefined
  /** The client's IP address (behind trusted proxies, the one they report), when known. */
  ip: string | undefined
}

/** How an operator (OIDC) appears as the actor of audit log entries: `operator:<operators.id>`. */
export function operatorActorId(operatorId: string): string {
  return `operator:${operatorId}`
}

/**
 * The signed-in user of the request (after `requireSession` or `requireAdmin`) as the actor of
 * what it changes; an operator (OIDC) acts as `operator:<operators.id>`.
 */
export function actorOf(c: Context<AppEnv>): Actor {
  const operator = c.get('operator') as OperatorSession | undefined
  const userId = operator ? operatorActorId(operator.operatorId) : c.get('auth').userId
  return { userId, requestId: c.get('requestId'), ip: c.get('clientIp') }
}

/** One admin action to record. `details` must never hold a secret: record "changed", not the value. */
export interface AuditRecord {
  actor: Actor
  /** Dotted verb, e.g. `canton.connection.update`. */
  action: string
  target?: string | null
  details?: Record<string, unknown>
  at: Date
}

/**
 * Appends an entry to the audit log. Pass the transaction of the change it records, so the change
 * and its entry commit together or not at all.
 */
export async function writeAuditEntry(db: Kysely<Database>, record: AuditRecord): Promise<string> {
  const id = randomId(16)
  await db
    .insertInto('audit_log')
    .values({
      id,
      at: record.at.toISOString(),
      actor_user_id: record.actor.userId,
      action: record.action,
      target: record.target ?? null,
      details: JSON.stringify(record.details ?? {}),
      request_id: record.actor.requestId ?? null,
      ip: record.actor.ip ?? null,
    })
    .execute()
  return id
}

/**
 * A page of the audit log, newest first: `limit` entries older than the entry `before` (an id of a
 * previous page), ordered by (at, id) so entries of the same millisecond page stably.
 * Returns undefined when `before` names no entry.
 */
export async function selectAuditPage(
  db: Kysely<Database>,
  { limit, before }: { limit: number; before?: string | undefined },
): Promise<{ entries: AuditEntry[]; nextBefore: string | null } | undefined> {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_user_id',
      'users.display_name',
      'audit_log.action',
      'audit_log.target',
      'audit_log.details',
    ])
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(limit + 1)
  if (before !== undefined) {
    const cursor = await db
      .selectFrom('audit_log')
      .select(['at', 'id'])
      .where('id', '=', before)
      .executeTakeFirst()
    if (!cursor) return undefined
    query = query.where((eb) =>
      eb.or([
        eb('audit_log.at', '<', cursor.at),
        eb.and([eb('audit_log.at', '=', cursor.at), eb('audit_log.id', '<', cursor.id)]),
      ]),
    )
  }
  const rows = await query.execute()
  const page = rows.slice(0, limit)
  const operatorNames = await operatorNamesOf(
    db,
    page.map((row) => row.actor_user_id),
  )
  return {
    entries: page.map((row) => ({
      id: row.id,
      at: row.at,
      actor: {
        id: row.actor_user_id,
        displayName: row.display_name ?? operatorNames.get(row.actor_user_id) ?? null,
      },
      action: row.action,
      target: row.target,
      details: JSON.parse(row.details) as Record<string, unknown>,
    })),
    nextBefore: rows.length > limit ? page.at(-1)!.id : null,
  }
}

/** Display names of the operators among `actorIds` (`operator:<id>`), by actor id. */
async function operatorNamesOf(db: Kysely<Database>, actorIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(actorIds.filter((id) => id.startsWith('operator:')).map((id) => id.slice(9)))]
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('operators')
    .select(['id', 'display_name'])
    .where('id', 'in', ids)
    .execute()
  return new Map(rows.map((row) => [`operator:${row.id}`, row.display_name]))
}
