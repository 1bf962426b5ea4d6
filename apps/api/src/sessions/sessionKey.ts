import type { Context } from 'hono'
import { setCookie } from 'hono/cookie'
import { SignJWT } from 'jose'
import type { ApiConfig } from '../config.js'

/** The cookie that carries a session token, wallet or operator (a browser holds one or the other). */
export const SESSION_COOKIE = 'sv_session'

/**
 * The HMAC-SHA-256 key of the instance's session tokens (wallet and operator alike), imported once
 * on first use: jose would otherwise import the raw secret on every call.
 */
export function sessionKey(config: Pick<ApiConfig, 'sessionSecret'>): () => Promise<CryptoKey> {
  let keyPromise: Promise<CryptoKey> | undefined
  return () => {
    keyPromise ??= crypto.subtle.importKey(
      'raw',
      typeof config.sessionSecret === 'string'
        ? new TextEncoder().encode(config.sessionSecret)
        : new Uint8Array(config.sessionSecret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )
    return keyPromise
  }
}

/**
 * Signs a session token (HS256, `{sid, sub, exp}`, and `aud` when given) and sets it as the
 * httpOnly, SameSite=Strict session cookie, which lives exactly as long as the session.
 */
export async function setSessionCookie(
  c: Context,
  options: { key: () => Promise<CryptoKey>; secure: boolean; now: Date },
  token: { sessionId: string; subject: string; audience?: string; expiresAt: string },
): Promise<void> {
  let jwt = new SignJWT({ sid: token.sessionId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(token.subject)
  if (token.audience !== undefined) jwt = jwt.setAudience(token.audience)
  const signed = await jwt
    .setExpirationTime(Math.floor(Date.parse(token.expiresAt) / 1000))
    .sign(await options.key())
  setCookie(c, SESSION_COOKIE, signed, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: options.secure,
    // Whole seconds left, rounded up: flooring both ends lost a second whenever the cookie was
    // set in a later wall-clock second than the session was created.
    maxAge: Math.max(0, Math.ceil((Date.parse(token.expiresAt) - options.now.getTime()) / 1000)),
  })
}
