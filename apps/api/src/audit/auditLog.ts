import {
  type AuditFilter,
  type AuditLogRow,
  appendAuditEntry,
  type Database,
  whereAuditFilter,
} from '@stratos/db/portable'
import type { AuditEntry, SignInEvent } from '@stratos/schemas'
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { AppEnv } from '../context.js'
import { randomId } from '../encoding.js'
import type { OperatorSession } from '../sessions/operatorSessions.js'

/** Who acts, for the audit log: the user (if any), the request and the client it came from. */
export interface Actor {
  /** The user who acted; null for an anonymous event (a failed sign-in, before anyone is known). */
  userId: string | null
  requestId: string | undefined
  /** The client's IP address (behind trusted proxies, the one they report), when known. */
  ip: string | undefined
  /** The request's User-Agent header, when it had one. */
  userAgent: string | undefined
}

/** How an operator (OIDC) appears as the actor of audit log entries: `operator:<operators.id>`. */
export function operatorActorId(operatorId: string): string {
  return `operator:${operatorId}`
}

/** Whether the actor is an operator (OIDC), not a wallet user. */
export function isOperatorActor(actor: Pick<Actor, 'userId'>): boolean {
  return actor.userId?.startsWith('operator:') === true
}

/**
 * An actor known to be signed in: a wallet user, or an operator (OIDC) as `operator:<operators.id>`.
 */
export type UserActor = Actor & { userId: string }

/**
 * The signed-in user of the request (after `requireSession` or `requireAdmin`) as the actor of
 * what it changes; an operator (OIDC) acts as `operator:<operators.id>`.
 */
export function actorOf(c: Context<AppEnv>): UserActor {
  const operator = c.get('operator') as OperatorSession | undefined
  const userId = operator ? operatorActorId(operator.operatorId) : c.get('auth').userId
  return { ...requestActor(c, null), userId }
}

/** The request as the actor of an event, for `userId` (null: nobody is known, e.g. a failed sign-in). */
export function requestActor(c: Context<AppEnv>, userId: string | null): Actor {
  return {
    userId,
    requestId: c.get('requestId'),
    ip: c.get('clientIp'),
    userAgent: c.req.header('user-agent')?.slice(0, 500),
  }
}

/** One action or security event to record. `details` must never hold a secret: record "changed", not the value. */
export interface AuditRecord {
  actor: Actor
  /** Dotted verb, e.g. `canton.connection.update`, `auth.sign_in.failure`. */
  action: string
  target?: string | null
  details?: Record<string, unknown>
  at: Date
}

/**
 * Appends an entry to the audit log's hash chain (`appendAuditEntry` of `@stratos/db`). Pass the
 * transaction of the change it records, so the change and its entry commit together or not at
 * all; on PostgreSQL that transaction then holds the chain's lock until it ends, so keep it short.
 */
export async function writeAuditEntry(db: Kysely<Database>, record: AuditRecord): Promise<string> {
  const id = randomId(16)
  await appendAuditEntry(db, {
    id,
    at: record.at.toISOString(),
    actor_user_id: record.actor.userId,
    action: record.action,
    target: record.target ?? null,
    details: JSON.stringify(record.details ?? {}),
    request_id: record.actor.requestId ?? null,
    ip: record.actor.ip ?? null,
    user_agent: record.actor.userAgent ?? null,
  })
  return id
}

/** The actions of sign-in events, written by the auth routes and read by `GET /api/me/sign-ins`. */
export const SIGN_IN_ACTIONS = {
  success: 'auth.sign_in.success',
  failure: 'auth.sign_in.failure',
} as const

/**
 * A page of the audit log, newest first: `limit` entries matching `filter` that come before the
 * entry `before` (an id of a previous page) in seq order. Returns undefined when `before` names no entry.
 */
export async function selectAuditPage(
  db: Kysely<Database>,
  { limit, before, ...filter }: { limit: number; before?: string | undefined } & AuditFilter,
): Promise<{ entries: AuditEntry[]; nextBefore: string | null } | undefined> {
  let query = whereAuditFilter(
    db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
      .selectAll('audit_log')
      .select('users.display_name'),
    filter,
  )
    .orderBy('audit_log.seq', 'desc')
    .limit(limit + 1)
  if (before !== undefined) {
    const cursor = await cursorSeq(db, before)
    if (cursor === undefined) return undefined
    query = query.where('audit_log.seq', '<', cursor)
  }
  const rows = await query.execute()
  const page = rows.slice(0, limit)
  const operatorNames = await operatorNamesOf(
    db,
    page.map((row) => row.actor_user_id),
  )
  return {
    entries: page.map((row) => ({
      seq: Number(row.seq),
      id: row.id,
      at: row.at,
      actor: {
        id: row.actor_user_id,
        displayName: row.display_name ?? operatorNames.get(row.actor_user_id) ?? null,
      },
      action: row.action,
      target: row.target,
      details: JSON.parse(row.details) as Record<string, unknown>,
      ip: row.ip,
      userAgent: row.user_agent,
    })),
    nextBefore: rows.length > limit ? page.at(-1)!.id : null,
  }
}

/** Display names of the operators among `actorIds` (`operator:<id>`), by actor id. */
async function operatorNamesOf(
  db: Kysely<Database>,
  actorIds: (string | null)[],
): Promise<Map<string | null, string>> {
  const ids = [...new Set(actorIds.filter((id) => id?.startsWith('operator:')).map((id) => id!.slice(9)))]
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('operators')
    .select(['id', 'display_name'])
    .where('id', 'in', ids)
    .execute()
  return new Map(rows.map((row) => [`operator:${row.id}`, row.display_name]))
}

/**
 * The user's sign-in history, newest first: their sign-ins, and refused attempts with any of their
 * current passkeys. Returns undefined when `before` names no entry.
 */
export async function selectSignIns(
  db: Kysely<Database>,
  userId: string,
  { limit, before }: { limit: number; before?: string | undefined },
): Promise<{ signIns: SignInEvent[]; nextBefore: string | null } | undefined> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('action', '=', SIGN_IN_ACTIONS.success), eb('actor_user_id', '=', userId)]),
        eb.and([
          eb('action', '=', SIGN_IN_ACTIONS.failure),
          eb('target', 'in', eb.selectFrom('credentials').select('id').where('user_id', '=', userId)),
        ]),
      ]),
    )
    .orderBy('seq', 'desc')
    .limit(limit + 1)
  if (before !== undefined) {
    const cursor = await cursorSeq(db, before)
    if (cursor === undefined) return undefined
    query = query.where('seq', '<', cursor)
  }
  const rows = await query.execute()
  const page = rows.slice(0, limit)
  return { signIns: page.map(toSignIn), nextBefore: rows.length > limit ? page.at(-1)!.id : null }
}

function toSignIn(row: AuditLogRow): SignInEvent {
  const details = JSON.parse(row.details) as { reason?: unknown }
  const failure = row.action === SIGN_IN_ACTIONS.failure
  return {
    id: row.id,
    at: row.at,
    outcome: failure ? 'failure' : 'success',
    reason: failure && typeof details.reason === 'string' ? details.reason : null,
    credentialId: row.target,
    ip: row.ip,
    userAgent: row.user_agent,
  }
}

async function cursorSeq(db: Kysely<Database>, id: string): Promise<number | undefined> {
  const row = await db.selectFrom('audit_log').select('seq').where('id', '=', id).executeTakeFirst()
  return row ? Number(row.seq) : undefined
}
