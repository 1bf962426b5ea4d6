import type { Database } from '@stratos/db/portable'
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { errors as joseErrors, jwtVerify } from 'jose'
import type { Kysely } from 'kysely'
import { type ApiConfig, isInsecureLoopbackOrigin } from '../config.js'
import { randomId } from '../encoding.js'
import { SESSION_COOKIE, sessionKey, setSessionCookie } from './sessionKey.js'

/**
 * The audience of an operator session token. Wallet session tokens carry none, so neither kind of
 * token passes for the other: an operator token names a row of `operator_sessions`, which no
 * wallet query reads, and a wallet token is refused here for its missing audience.
 */
const OPERATOR_AUDIENCE = 'stratos:operator'

/**
 * A signed-in operator: someone the identity provider vouched for as a member of the admin group.
 * It reaches admin routes only. It has no user, no passkey, no address and no party, so nothing
 * wallet-related can be looked up for it.
 */
export interface OperatorSession {
  sessionId: string
  operatorId: string
  displayName: string
  issuer: string
  /** When the operator signed in at the identity provider (the session's creation). */
  signedInAt: string
  expiresAt: string
}

export interface OperatorSessions {
  /** Inserts an operator session row. */
  create(operatorId: string, userAgent: string | null): Promise<{ id: string; expiresAt: string }>
  /** Signs the operator session JWT and sets it as the `sv_session` cookie (replacing any session). */
  setCookie(c: Context, session: { id: string; expiresAt: string }, operatorId: string): Promise<void>
  /** The caller's operator session, or null (no cookie, a wallet session, revoked or expired). */
  resolve(c: Context): Promise<OperatorSession | null>
  revoke(sessionId: string): Promise<void>
}

/**
 * Operator sessions: a JWT (HS256 under the session secret, `{sid, sub, aud: stratos:operator, exp}`)
 * in the same `sv_session` cookie as wallet sessions, so a browser holds one or the other, backed
 * by `operator_sessions`. The row is checked on every request: revocation applies at once.
 */
export function createOperatorSessions(
  db: Kysely<Database>,
  config: ApiConfig,
  clock: () => Date,
): OperatorSessions {
  const secure = !isInsecureLoopbackOrigin(config.origin)
  const key = sessionKey(config)

  async function verify(token: string) {
    try {
      const { payload } = await jwtVerify(token, await key(), {
        algorithms: ['HS256'],
        audience: OPERATOR_AUDIENCE,
        currentDate: clock(),
        requiredClaims: ['sid', 'sub', 'exp', 'aud'],
      })
      if (typeof payload.sid !== 'string' || !payload.sub) return null
      return { sid: payload.sid, sub: payload.sub }
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null
      throw error
    }
  }

  return {
    async create(operatorId, userAgent) {
      const now = clock()
      const session = {
        id: randomId(16),
        operator_id: operatorId,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + config.adminSessionTtlSeconds * 1000).toISOString(),
        revoked_at: null,
        user_agent: userAgent?.slice(0, 256) ?? null,
      }
      await db.insertInto('operator_sessions').values(session).execute()
      return { id: session.id, expiresAt: session.expires_at }
    },

    async setCookie(c, session, operatorId) {
      await setSessionCookie(
        c,
        { key, secure, now: clock() },
        {
          sessionId: session.id,
          subject: operatorId,
          audience: OPERATOR_AUDIENCE,
          expiresAt: session.expiresAt,
        },
      )
    },

    async resolve(c) {
      const token = getCookie(c, SESSION_COOKIE)
      if (!token) return null
      const claims = await verify(token)
      if (!claims) return null
      const row = await db
        .selectFrom('operator_sessions')
        .innerJoin('operators', 'operators.id', 'operator_sessions.operator_id')
        .select([
          'operator_sessions.id',
          'operator_sessions.operator_id',
          'operator_sessions.created_at',
          'operator_sessions.expires_at',
          'operator_sessions.revoked_at',
          'operators.display_name',
          'operators.issuer',
        ])
        .where('operator_sessions.id', '=', claims.sid)
        .executeTakeFirst()
      if (!row || row.operator_id !== claims.sub || row.revoked_at !== null) return null
      if (row.expires_at <= clock().toISOString()) return null
      return {
        sessionId: row.id,
        operatorId: row.operator_id,
        displayName: row.display_name,
        issuer: row.issuer,
        signedInAt: row.created_at,
        expiresAt: row.expires_at,
      }
    },

    async revoke(sessionId) {
      await db
        .updateTable('operator_sessions')
        .set({ revoked_at: clock().toISOString() })
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .execute()
    },
  }
}
