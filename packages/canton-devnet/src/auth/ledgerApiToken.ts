import { sign, verify } from 'hono/jwt'
import { CantonError } from '../CantonError.js'

/** The scope Canton expects in scope-based Ledger API tokens. */
export const LEDGER_API_SCOPE = 'daml_ledger_api'

/**
 * Signs a Ledger API access token (HS256) in Canton's audience/scope-based format:
 * `sub` = user id, `aud`, `scope: 'daml_ledger_api'`, `iat`, `exp`.
 */
export async function createLedgerApiToken(
  secret: string,
  userId: string,
  audience: string,
  ttlSeconds = 24 * 3600,
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000)
  return sign(
    { sub: userId, aud: audience, scope: LEDGER_API_SCOPE, iat, exp: iat + ttlSeconds },
    secret,
    'HS256',
  )
}

/** Verifies a bearer token; returns the user id (`sub`). Throws UNAUTHENTICATED. */
export async function verifyLedgerApiToken(
  secret: string,
  authorization: string | undefined,
): Promise<string> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  if (!token) throw new CantonError('UNAUTHENTICATED', 'The command is missing a (valid) JWT token')
  let payload: Record<string, unknown>
  try {
    payload = await verify(token, secret, 'HS256')
  } catch (cause) {
    throw new CantonError(
      'UNAUTHENTICATED',
      'The command is missing a (valid) JWT token: the token could not be verified',
      { cause },
    )
  }
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : []
  if (!scopes.includes(LEDGER_API_SCOPE)) {
    throw new CantonError('UNAUTHENTICATED', `The token lacks the scope ${LEDGER_API_SCOPE}`)
  }
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
    throw new CantonError('UNAUTHENTICATED', 'The token has no user id (sub)')
  }
  return payload.sub
}
