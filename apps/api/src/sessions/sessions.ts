import type { Database, UsersTable } from '@stratos/db/portable'
import type { Context } from 'hono'
import { deleteCookie, getCookie } from 'hono/cookie'
import { errors as joseErrors, jwtVerify } from 'jose'
import type { Kysely, Transaction } from 'kysely'
import { type ApiConfig, isInsecureLoopbackOrigin } from '../config.js'
import { randomId } from '../encoding.js'
import { adminKeyRequired, isAdminKeyCredential, readAdminKeyPolicy } from '../users/adminKeyPolicy.js'
import { SESSION_COOKIE, sessionKey, setSessionCookie } from './sessionKey.js'

export { SESSION_COOKIE }

/** The signed-in caller, as every authenticated handler sees it. */
export interface AuthSession {
  sessionId: string
  userId: string
  role: UsersTable['role']
  /** When the session ends (for an admin, the admin lifetime counts too). */
  expiresAt: string
  /** The passkey whose ceremony made the session; null when it was removed. */
  credentialId: string | null
}

export interface IssuedSession {
  id: string
  expiresAt: string
}

/** Where a new session comes from: the passkey that signed in, the client address and user agent. */
export interface SessionOrigin {
  /** The passkey whose ceremony made the session (removing it revokes the session). */
  credentialId: string | null
  /** The client address (behind trusted proxies, the one they report), when known. */
  ip: string | undefined | null
  userAgent: string | undefined | null
}

export interface Sessions {
  /**
   * Inserts a session row (inside the caller's transaction, if any). `role`: the user's role when
   * the caller knows it (it decides the lifetime); absent, it is read, which a D1 transaction that
   * wrote the user cannot do.
   */
  create(
    db: Kysely<Database> | Transaction<Database>,
    userId: string,
    origin: SessionOrigin,
    role?: 'user' | 'admin',
  ): Promise<IssuedSession>
  /** Signs the session JWT and sets it as the `sv_session` cookie. */
  setCookie(c: Context, session: IssuedSession, userId: string): Promise<void>
  clearCookie(c: Context): void
  /**
   * The caller's session, or null. Checks the JWT signature and expiry, and then that the row
   * still exists, is not revoked and not expired, and that its user is not disabled: revocation
   * and disabling take effect on the next request. An admin's session also ends
   * `adminSessionTtlSeconds` after sign-in and after `adminIdleTimeoutSeconds` unused. Records when
   * the session was last seen, at most once per {@link LAST_SEEN_RESOLUTION_MS}.
   */
  resolve(c: Context): Promise<AuthSession | null>
  /**
   * While the admin key policy is on, 403 ADMIN_KEY_REQUIRED unless the admin's session was made
   * by a passkey whose attestation verified against a trusted security key model.
   */
  requireAdminKey(auth: AuthSession): Promise<void>
  revoke(sessionId: string): Promise<void>
}

/** How many verified session tokens are remembered per process. */
const VERIFIED_TOKENS = 10_000

/**
 * `last_seen_at` is written when the stored value is older than this: one write a minute per
 * session in use, not one per request.
 */
export const LAST_SEEN_RESOLUTION_MS = 60_000

/** Session handling for one instance: JWT (HS256, `{sid, sub, exp}`) in a cookie, backed by `sessions`. */
export function createSessions(db: Kysely<Database>, config: ApiConfig, clock: () => Date): Sessions {
  const secure = !isInsecureLoopbackOrigin(config.origin)
  const key = sessionKey(config)

  // Tokens whose signature was checked, by their exact text (bounded, oldest dropped first): the
  // HMAC check took about a sixth of an authenticated read's CPU. Expiry is checked on every use
  // and the session row on every request, so revocation still applies at once.
  const verified = new Map<string, { sid: string; sub: string; exp: number }>()
  async function verify(token: string) {
    try {
      const { payload } = await jwtVerify(token, await key(), {
        algorithms: ['HS256'],
        currentDate: clock(),
        requiredClaims: ['sid', 'sub', 'exp'],
      })
      if (typeof payload.sid !== 'string' || !payload.sub || payload.exp === undefined) return null
      const claims = { sid: payload.sid, sub: payload.sub, exp: payload.exp }
      if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!)
      verified.set(token, claims)
      return claims
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null
      throw error
    }
  }

  /** An admin's session lives at most this long from sign-in. */
  const adminTtlMs = Math.min(config.adminSessionTtlSeconds, config.sessionTtlSeconds) * 1000

  return {
    async create(executor, userId, origin, role) {
      const now = clock()
      role ??= (await executor.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst())
        ?.role
      const ttlMs = role === 'admin' ? adminTtlMs : config.sessionTtlSeconds * 1000
      const session = {
        id: randomId(16),
        user_id: userId,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + ttlMs).toISOString(),
        revoked_at: null,
        user_agent: origin.userAgent?.slice(0, 256) ?? null,
        credential_id: origin.credentialId,
        ip: origin.ip?.slice(0, 64) ?? null,
        last_seen_at: now.toISOString(),
      }
      await executor.insertInto('sessions').values(session).execute()
      return { id: session.id, expiresAt: session.expires_at }
    },

    async setCookie(c, session, userId) {
      await setSessionCookie(
        c,
        { key, secure, now: clock() },
        { sessionId: session.id, subject: userId, expiresAt: session.expiresAt },
      )
    },

    clearCookie(c) {
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Strict' })
    },

    async resolve(c) {
      const token = getCookie(c, SESSION_COOKIE)
      if (!token) return null
      const claims = verified.get(token) ?? (await verify(token))
      if (!claims) return null
      // jose's rule for exp, applied again on every use of a remembered token.
      if (claims.exp <= Math.floor(clock().getTime() / 1000)) return null
      const { sid, sub } = claims
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'sessions.id',
          'sessions.user_id',
          'sessions.expires_at',
          'sessions.revoked_at',
          'sessions.last_seen_at',
          'sessions.created_at',
          'sessions.credential_id',
          'users.role',
          'users.disabled_at',
        ])
        .where('sessions.id', '=', sid)
        .executeTakeFirst()
      if (!row || row.user_id !== sub || row.revoked_at !== null || row.disabled_at !== null) return null
      const now = clock()
      if (row.expires_at <= now.toISOString()) return null
      let expiresAt = row.expires_at
      if (row.role === 'admin') {
        // Also for a session that began before its user was promoted: checked on every request.
        const adminEnd = new Date(Date.parse(row.created_at) + adminTtlMs).toISOString()
        if (adminEnd <= now.toISOString()) return null
        if (adminEnd < expiresAt) expiresAt = adminEnd
        // last_seen_at lags the last request by under LAST_SEEN_RESOLUTION_MS.
        const idleSince = Date.parse(row.last_seen_at ?? row.created_at)
        if (now.getTime() - idleSince >= config.adminIdleTimeoutSeconds * 1000) return null
      }
      const stale = new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS).toISOString()
      if (row.last_seen_at === null || row.last_seen_at <= stale) {
        // Conditional, so that of concurrent requests (or processes) one writes.
        await db
          .updateTable('sessions')
          .set({ last_seen_at: now.toISOString() })
          .where('id', '=', row.id)
          .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<=', stale)]))
          .execute()
      }
      return {
        sessionId: row.id,
        userId: row.user_id,
        role: row.role,
        expiresAt,
        credentialId: row.credential_id,
      }
    },

    async requireAdminKey(auth) {
      if (!(await readAdminKeyPolicy(db))) return
      if (await isAdminKeyCredential(db, config, auth.credentialId)) return
      throw adminKeyRequired(
        403,
        'Admins of this instance use hardware security keys: this session was signed in with another passkey. Sign in again with your security key to use the admin console',
      )
    },

    async revoke(sessionId) {
      await db
        .updateTable('sessions')
        .set({ revoked_at: clock().toISOString() })
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .execute()
    },
  }
}
