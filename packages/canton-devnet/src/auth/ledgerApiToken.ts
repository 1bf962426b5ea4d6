import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose'
import { CantonError } from '../CantonError.js'

/** The scope Canton expects in scope-based Ledger API tokens. */
export const LEDGER_API_SCOPE = 'daml_ledger_api'

/** The `aud` prefix of Canton's audience-based tokens: `https://daml.com/jwt/aud/participant/<participant id>`. */
export const PARTICIPANT_AUDIENCE_PREFIX = 'https://daml.com/jwt/aud/participant/'

/**
 * How the devnet checks Ledger API tokens, named and shaped like Canton's `auth-services` entries:
 *
 * - `jwt-jwks`: RS256 / ES256 / ES512 tokens signed by a key of the JWKS at `url` (the header must
 *   name it by `kid`), as a participant runs against an identity provider.
 * - `unsafe-jwt-hmac-256`: HS256 tokens of a shared secret. Canton accepts these only with this
 *   option, meant for testing; the devnet uses it by default so `tokenFor` can mint tokens.
 *
 * `targetAudience`: the token is read as audience-based and its `aud` must contain this value.
 * `targetScope` (without `targetAudience`): its scope must contain this value. Neither: Canton's
 * default format, an `aud` of `https://daml.com/jwt/aud/participant/<this participant>` or a scope
 * with `daml_ledger_api`.
 */
export type LedgerApiAuthService =
  | { type: 'jwt-jwks'; url: string; targetAudience?: string; targetScope?: string }
  | { type: 'unsafe-jwt-hmac-256'; secret: string; targetAudience?: string; targetScope?: string }

/** A token check built from an {@link LedgerApiAuthService}; returns the user id or throws. */
export type LedgerApiTokenVerifier = (authorization: string | undefined) => Promise<string>

/** Canton's answer to any token it cannot use (`AuthorizationChecksErrors.Unauthenticated`). */
const UNAUTHENTICATED = 'The command is missing a (valid) JWT token'

/** Algorithms Canton's JWKS verifier accepts (RSA keys: RS256; EC P-256: ES256; EC P-521: ES512). */
const JWKS_ALGORITHMS = ['RS256', 'ES256', 'ES512']

/**
 * Signs a Ledger API access token (HS256) in Canton's audience-based format:
 * `sub` = user id, `aud`, `scope` (default `daml_ledger_api`), `iat`, `exp` (default a day later).
 */
export async function createLedgerApiToken(
  secret: string,
  userId: string,
  audience: string,
  options: { ttlSeconds?: number; now?: number; scope?: string } = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? Date.now()) / 1000)
  return new SignJWT({ scope: options.scope ?? LEDGER_API_SCOPE })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.ttlSeconds ?? 24 * 3600))
    .sign(new TextEncoder().encode(secret))
}

/**
 * Builds the devnet's token check: the first of `services` that accepts the bearer token names the
 * user (`sub`); none does: 401 UNAUTHENTICATED. A token is checked like Canton checks it: the
 * signature (HS256 only for `unsafe-jwt-hmac-256`; for `jwt-jwks` a `kid` and an asymmetric key of
 * the JWKS), `exp` and `nbf` when present against `now`, then the audience/scope format of the
 * service (`AuthServiceJWTBase.parsePayload` and `AuthServiceJWTCodec.readPayload`). A token of
 * Canton's default format addressed to another participant is 403 PERMISSION_DENIED, as Canton's
 * `validForParticipant` answers.
 */
export function createLedgerApiTokenVerifier(
  services: readonly LedgerApiAuthService[],
  context: { participantId: string; now: () => number },
): LedgerApiTokenVerifier {
  const checks = services.map((service) => {
    const key: Uint8Array | JWTVerifyGetKey =
      service.type === 'jwt-jwks'
        ? createRemoteJWKSet(new URL(service.url), { cacheMaxAge: 10 * 60_000 })
        : new TextEncoder().encode(service.secret)
    const algorithms = service.type === 'jwt-jwks' ? JWKS_ALGORITHMS : ['HS256']
    return async (token: string) => {
      if (service.type === 'jwt-jwks' && !decodeProtectedHeader(token).kid)
        throw new Error('No Key ID found in the token header')
      const { payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms,
        currentDate: new Date(context.now()),
      })
      return readPayload(payload, service, context.participantId)
    }
  })

  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
    if (!token) throw new CantonError('UNAUTHENTICATED', UNAUTHENTICATED)
    const reasons: string[] = []
    for (const check of checks) {
      try {
        return await check(token)
      } catch (error) {
        if (error instanceof CantonError) throw error
        reasons.push(error instanceof Error ? error.message : String(error))
      }
    }
    // Canton logs why and answers only that the token is not valid; the devnet adds the reason.
    throw new CantonError('UNAUTHENTICATED', `${UNAUTHENTICATED}: ${reasons.join('; ')}`)
  }
}

/** The user a verified payload names, under the service's token format; throws why it is unusable. */
function readPayload(payload: JWTPayload, service: LedgerApiAuthService, participantId: string): string {
  const audiences = payload.aud === undefined ? [] : [payload.aud].flat()
  const scopes =
    typeof payload.scope === 'string'
      ? payload.scope.split(' ')
      : Array.isArray(payload.scp)
        ? payload.scp.filter((s): s is string => typeof s === 'string')
        : []
  if (typeof payload.sub !== 'string') throw new Error('Could not read value for sub')
  if (service.targetAudience !== undefined) {
    if (!audiences.includes(service.targetAudience))
      throw new Error("Audience doesn't match the target value")
    return payload.sub
  }
  if (service.targetScope !== undefined) {
    if (!scopes.includes(service.targetScope)) throw new Error("Scope doesn't match the target value")
    return payload.sub
  }
  const participants = audiences.filter((aud) => aud.startsWith(PARTICIPANT_AUDIENCE_PREFIX))
  let tokenParticipant: string | undefined
  if (participants.length > 0) {
    const ids = participants.map((aud) => aud.slice(PARTICIPANT_AUDIENCE_PREFIX.length)).filter(Boolean)
    if (ids.length !== 1)
      throw new Error(
        `\`aud\` must include a single participantId value prefixed by ${PARTICIPANT_AUDIENCE_PREFIX}`,
      )
    tokenParticipant = ids[0]
  } else if (scopes.includes(LEDGER_API_SCOPE)) {
    if (audiences.length > 1) throw new Error('`aud` must be empty or a single participantId.')
    tokenParticipant = audiences[0]
  } else {
    throw new Error(`Access token with unknown scope "${scopes.join('')}"`)
  }
  if (tokenParticipant !== undefined && tokenParticipant !== participantId)
    throw new CantonError(
      'PERMISSION_DENIED',
      `The token is only valid for participant ${tokenParticipant}, not ${participantId}`,
    )
  return payload.sub
}
