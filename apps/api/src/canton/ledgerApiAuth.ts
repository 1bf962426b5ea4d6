import { decodeJwt, SignJWT } from 'jose'
import type { CantonConfig } from '../config.js'
import { ApiError } from '../errors.js'

/** Canton's scope for scope-based Ledger API access tokens. */
const LEDGER_API_SCOPE = 'daml_ledger_api'
/** Lifetime of the HS256 tokens the API mints itself. */
const HS256_TTL_SECONDS = 3600
/** A token is replaced this long before it expires (at most half its lifetime). */
const REFRESH_MARGIN_SECONDS = 60
/** Lifetime assumed for an OAuth2 token whose answer names none (no `expires_in`, no JWT `exp`). */
const UNKNOWN_LIFETIME_SECONDS = 300
/** How long the token endpoint may take. */
const TOKEN_ENDPOINT_TIMEOUT_MS = 10_000

/** Bearer tokens for the participant's Ledger API, as `config.auth` says to get them. */
export interface LedgerApiAuth {
  /** A token valid for the next request: cached, renewed a margin before it expires, one fetch at a time. */
  token(): Promise<string>
  /**
   * `fetchFn` that answers a 401 of the participant by dropping the token it sent and retrying the
   * request once with a fresh one (a token revoked or expired early). A static token is not retried.
   */
  retrying(fetchFn: typeof fetch): typeof fetch
}

interface Cached {
  token: string
  /** Seconds since the epoch from which the token is replaced. */
  refreshAt: number
}

/**
 * Builds the token source of `config`: a static bearer token (`CANTON_TOKEN`), HS256 tokens the
 * API signs for `config.userId` (`CANTON_JWT_SECRET`: a participant accepts them only with Canton's
 * `unsafe-jwt-hmac-256` auth service), or OAuth2 client-credentials tokens of an identity provider
 * (`CANTON_OAUTH_*`, RFC 6749 §4.4), which a participant checks against the provider's JWKS.
 * `now` is the API's clock (ms since the epoch).
 */
export function createLedgerApiAuth(
  config: Pick<CantonConfig, 'auth' | 'userId'>,
  options: { fetch?: typeof fetch; now?: () => number } = {},
): LedgerApiAuth {
  const fetchFn = options.fetch ?? fetch
  const nowSeconds = () => Math.floor((options.now ?? Date.now)() / 1000)
  const { auth } = config
  let cached: Cached | undefined
  let pending: Promise<Cached> | undefined

  const obtain = async (): Promise<Cached> => {
    const issuedAt = nowSeconds()
    if (auth.kind === 'hs256') {
      const jwt = new SignJWT({ scope: LEDGER_API_SCOPE })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(config.userId ?? '')
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + HS256_TTL_SECONDS)
      if (auth.audience) jwt.setAudience(auth.audience)
      const token = await jwt.sign(new TextEncoder().encode(auth.secret))
      return { token, refreshAt: refreshTime(issuedAt, HS256_TTL_SECONDS) }
    }
    if (auth.kind !== 'oauth2') throw new Error('unreachable: a static token is never fetched')
    return fetchClientCredentialsToken(auth, fetchFn, issuedAt)
  }

  const token = async (): Promise<string> => {
    if (auth.kind === 'token') return auth.token
    if (cached && nowSeconds() < cached.refreshAt) return cached.token
    if (!pending) {
      pending = obtain()
        .then((fresh) => {
          cached = fresh
          return fresh
        })
        .finally(() => {
          pending = undefined
        })
    }
    return (await pending).token
  }

  return {
    token,
    retrying(inner) {
      if (auth.kind === 'token') return inner
      return async (input, init) => {
        const response = await inner(input, init)
        if (response.status !== 401) return response
        const headers = new Headers(init?.headers)
        const sent = /^Bearer\s+(\S+)$/i.exec(headers.get('Authorization') ?? '')?.[1]
        // Another request may have renewed it already; only the token that was refused is dropped.
        if (sent !== undefined && cached?.token === sent) cached = undefined
        let fresh: string
        try {
          fresh = await token()
        } catch {
          // No new token to try (the provider refused or is down): the participant's 401 stands.
          return response
        }
        await response.body?.cancel()
        headers.set('Authorization', `Bearer ${fresh}`)
        return inner(input, { ...init, headers })
      }
    },
  }
}

/** When a token issued at `issuedAt` for `lifetime` seconds is replaced. */
function refreshTime(issuedAt: number, lifetime: number): number {
  return issuedAt + lifetime - Math.min(REFRESH_MARGIN_SECONDS, Math.floor(lifetime / 2))
}

type OAuth2Auth = Extract<CantonConfig['auth'], { kind: 'oauth2' }>

/**
 * RFC 6749 §4.4: `grant_type=client_credentials` with the client authenticated by HTTP Basic
 * (§2.3.1, form-encoded id and secret) or in the body, plus the audience (the `audience`
 * parameter of Auth0 and of Canton's documentation) and the scope asked for. A refused grant or an unusable answer is
 * 502 CANTON_UNAVAILABLE naming the endpoint and the provider's error code, never the secret.
 */
async function fetchClientCredentialsToken(
  auth: OAuth2Auth,
  fetchFn: typeof fetch,
  issuedAt: number,
): Promise<Cached> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' })
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  }
  if (auth.clientAuth === 'client_secret_post') {
    form.set('client_id', auth.clientId)
    form.set('client_secret', auth.clientSecret)
  } else {
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+')
    headers.Authorization = `Basic ${btoa(`${encode(auth.clientId)}:${encode(auth.clientSecret)}`)}`
  }
  if (auth.audience) form.set('audience', auth.audience)
  if (auth.scope) form.set('scope', auth.scope)

  const where = `The Ledger API token endpoint ${auth.tokenUrl}`
  let response: Response
  try {
    response = await fetchFn(auth.tokenUrl, {
      method: 'POST',
      headers,
      body: form.toString(),
      signal: AbortSignal.timeout(TOKEN_ENDPOINT_TIMEOUT_MS),
    })
  } catch (cause) {
    throw new ApiError(503, 'CANTON_UNAVAILABLE', `${where} could not be reached`, { cause })
  }
  const text = await response.text()
  let body: Record<string, unknown> | undefined
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed !== null && typeof parsed === 'object') body = parsed as Record<string, unknown>
  } catch {
    body = undefined
  }
  if (!response.ok) {
    // RFC 6749 §5.2: `error` (e.g. invalid_client, unauthorized_client, invalid_scope) and a description.
    const code = typeof body?.error === 'string' ? body.error.slice(0, 60) : `HTTP ${response.status}`
    const description =
      typeof body?.error_description === 'string' ? `: ${body.error_description.slice(0, 200)}` : ''
    throw new ApiError(
      502,
      'CANTON_UNAVAILABLE',
      `${where} refused the client-credentials grant of client ${auth.clientId} (${code}${description})`,
    )
  }
  const accessToken = body?.access_token
  const tokenType = body?.token_type
  if (typeof accessToken !== 'string' || accessToken === '')
    throw new ApiError(502, 'CANTON_UNAVAILABLE', `${where} answered without an access_token`)
  if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer')
    throw new ApiError(
      502,
      'CANTON_UNAVAILABLE',
      `${where} issued a ${tokenType.slice(0, 30)} token; the Ledger API takes Bearer tokens`,
    )
  const lifetime = lifetimeOf(body?.expires_in, accessToken, issuedAt)
  return { token: accessToken, refreshAt: refreshTime(issuedAt, lifetime) }
}

/** Seconds the token lives: `expires_in` (§5.1), else the JWT's `exp`, else a cautious default. */
function lifetimeOf(expiresIn: unknown, accessToken: string, issuedAt: number): number {
  const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return Math.floor(seconds)
  try {
    const { exp } = decodeJwt(accessToken)
    if (typeof exp === 'number' && exp > issuedAt) return exp - issuedAt
  } catch {
    // Not a JWT: the token is opaque to the API.
  }
  return UNKNOWN_LIFETIME_SECONDS
}
