import { decodeJwt, SignJWT } from 'jose'
import { CantonError } from './CantonError.js'

/** Canton's scope for scope-based Ledger API access tokens. */
const LEDGER_API_SCOPE = 'daml_ledger_api'
/** Lifetime of the HS256 tokens minted here. */
const HS256_TTL_SECONDS = 3600
/** A token is replaced this long before it expires (at most half its lifetime). */
const REFRESH_MARGIN_SECONDS = 60
/** Lifetime assumed for an OAuth2 token whose answer names none (no `expires_in`, no JWT `exp`). */
const UNKNOWN_LIFETIME_SECONDS = 300
/** How long the token endpoint may take. */
const TOKEN_ENDPOINT_TIMEOUT_MS = 10_000

/** OAuth2 client credentials at the identity provider a participant trusts (its JWKS). */
export interface LedgerApiOAuth2Credentials {
  kind: 'oauth2'
  /** The provider's token endpoint. */
  tokenUrl: string
  clientId: string
  clientSecret: string
  /** The `audience` asked for (Canton's `target-audience`, or its participant audience). */
  audience?: string | undefined
  /** The scope asked for (e.g. `daml_ledger_api`, or Canton's `target-scope`). */
  scope?: string | undefined
  /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1); default `client_secret_basic`. */
  clientAuth?: 'client_secret_basic' | 'client_secret_post' | undefined
}

/**
 * How Ledger API tokens are obtained: a static bearer token; an HS256 secret to mint them for
 * `userId` (a participant accepts these only with Canton's `unsafe-jwt-hmac-256` auth service); or
 * OAuth2 client credentials.
 */
export type LedgerApiCredentials =
  | { kind: 'token'; token: string }
  | { kind: 'hs256'; secret: string; userId: string; audience?: string | undefined }
  | LedgerApiOAuth2Credentials

export interface CreateLedgerApiTokensOptions {
  /** Injected fetch for the token endpoint (tests, Workers bindings); default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** The caller's clock, ms since the epoch; default `Date.now`. */
  now?: () => number
}

/** Bearer tokens for a participant's Ledger API, obtained as the credentials say. */
export interface LedgerApiTokens {
  /** A token valid for the next request: cached, renewed a margin before it expires, one grant at a time. */
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
 * The token source of `credentials`: a static token as it is, HS256 tokens signed here, or OAuth2
 * client-credentials tokens (RFC 6749 §4.4) that a participant checks against the provider's JWKS.
 * Use `token` as `createLedgerClient`'s `getToken` and `retrying(fetch)` as its `fetch`.
 *
 * A failed grant throws `CantonError` `TOKEN_ENDPOINT_UNREACHABLE` (network error, timeout),
 * `TOKEN_GRANT_REFUSED` (the provider's RFC 6749 §5.2 error code in the message) or
 * `TOKEN_ENDPOINT_BAD_RESPONSE`; no message ever holds the client secret. Web APIs only.
 */
export function createLedgerApiTokens(
  credentials: LedgerApiCredentials,
  options: CreateLedgerApiTokensOptions = {},
): LedgerApiTokens {
  const fetchFn =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const nowSeconds = () => Math.floor((options.now ?? Date.now)() / 1000)
  let cached: Cached | undefined
  let pending: Promise<Cached> | undefined

  const obtain = async (): Promise<Cached> => {
    const issuedAt = nowSeconds()
    if (credentials.kind === 'hs256') {
      const jwt = new SignJWT({ scope: LEDGER_API_SCOPE })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(credentials.userId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + HS256_TTL_SECONDS)
      if (credentials.audience) jwt.setAudience(credentials.audience)
      const token = await jwt.sign(new TextEncoder().encode(credentials.secret))
      return { token, refreshAt: refreshTime(issuedAt, HS256_TTL_SECONDS) }
    }
    if (credentials.kind !== 'oauth2') throw new Error('unreachable: a static token is never fetched')
    return fetchClientCredentialsToken(credentials, fetchFn, issuedAt)
  }

  const token = async (): Promise<string> => {
    if (credentials.kind === 'token') return credentials.token
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
      if (credentials.kind === 'token') return inner
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

/**
 * RFC 6749 §4.4: `grant_type=client_credentials` with the client authenticated by HTTP Basic
 * (§2.3.1, form-encoded id and secret) or in the body, plus the audience (the `audience`
 * parameter of Auth0 and of Canton's documentation) and the scope asked for. Errors name the
 * endpoint, the client id and the provider's error code, never the secret.
 */
async function fetchClientCredentialsToken(
  credentials: LedgerApiOAuth2Credentials,
  fetchFn: typeof fetch,
  issuedAt: number,
): Promise<Cached> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' })
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  }
  if (credentials.clientAuth === 'client_secret_post') {
    form.set('client_id', credentials.clientId)
    form.set('client_secret', credentials.clientSecret)
  } else {
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+')
    headers.Authorization = `Basic ${btoa(`${encode(credentials.clientId)}:${encode(credentials.clientSecret)}`)}`
  }
  if (credentials.audience) form.set('audience', credentials.audience)
  if (credentials.scope) form.set('scope', credentials.scope)

  const where = `The Ledger API token endpoint ${credentials.tokenUrl}`
  let response: Response
  try {
    response = await fetchFn(credentials.tokenUrl, {
      method: 'POST',
      headers,
      body: form.toString(),
      signal: AbortSignal.timeout(TOKEN_ENDPOINT_TIMEOUT_MS),
    })
  } catch (cause) {
    throw new CantonError('TOKEN_ENDPOINT_UNREACHABLE', `${where} could not be reached`, { cause })
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
    throw new CantonError(
      'TOKEN_GRANT_REFUSED',
      `${where} refused the client-credentials grant of client ${credentials.clientId} (${code}${description})`,
      { status: response.status },
    )
  }
  const accessToken = body?.access_token
  const tokenType = body?.token_type
  if (typeof accessToken !== 'string' || accessToken === '')
    throw new CantonError('TOKEN_ENDPOINT_BAD_RESPONSE', `${where} answered without an access_token`, {
      status: response.status,
    })
  if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer')
    throw new CantonError(
      'TOKEN_ENDPOINT_BAD_RESPONSE',
      `${where} issued a ${tokenType.slice(0, 30)} token; the Ledger API takes Bearer tokens`,
      { status: response.status },
    )
  const lifetime = lifetimeOf(body?.expires_in, accessToken, issuedAt)
  return { token: accessToken, refreshAt: refreshTime(issuedAt, lifetime) }
}

/** Seconds the token lives: `expires_in` (RFC 6749 §5.1), else the JWT's `exp`, else a cautious default. */
function lifetimeOf(expiresIn: unknown, accessToken: string, issuedAt: number): number {
  const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return Math.floor(seconds)
  try {
    const { exp } = decodeJwt(accessToken)
    if (typeof exp === 'number' && exp > issuedAt) return exp - issuedAt
  } catch {
    // Not a JWT: the token is opaque here.
  }
  return UNKNOWN_LIFETIME_SECONDS
}
