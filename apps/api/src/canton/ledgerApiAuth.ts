import { CantonError, createLedgerApiTokens, type LedgerApiCredentials } from '@stratos/canton'
import type { CantonConfig } from '../config.js'
import { ApiError } from '../errors.js'

/** Bearer tokens for the participant's Ledger API, as `config.auth` says to get them. */
export interface LedgerApiAuth {
  /**
   * A token valid for the next request: cached, renewed a margin before it expires, one fetch at a
   * time. A failed grant is 503 (endpoint unreachable) or 502 (refused, unusable answer) CANTON_UNAVAILABLE.
   */
  token(): Promise<string>
  /**
   * `fetchFn` that answers a 401 of the participant by dropping the token it sent and retrying the
   * request once with a fresh one (a token revoked or expired early). A static token is not retried.
   */
  retrying(fetchFn: typeof fetch): typeof fetch
}

/**
 * The token source of `config` (`createLedgerApiTokens` of `@stratos/canton`): a static bearer
 * token (`CANTON_TOKEN`), HS256 tokens the API signs for `config.userId` (`CANTON_JWT_SECRET`: a
 * participant accepts them only with Canton's `unsafe-jwt-hmac-256` auth service), or OAuth2
 * client-credentials tokens of an identity provider (`CANTON_OAUTH_*`), which a participant checks
 * against the provider's JWKS. `now` is the API's clock (ms since the epoch).
 */
export function createLedgerApiAuth(
  config: Pick<CantonConfig, 'auth' | 'userId'>,
  options: { fetch?: typeof fetch; now?: () => number } = {},
): LedgerApiAuth {
  const tokens = createLedgerApiTokens(credentialsOf(config), options)
  return {
    token: () => tokens.token().catch((error: unknown) => Promise.reject(toApiError(error))),
    retrying: tokens.retrying,
  }
}

function credentialsOf({ auth, userId }: Pick<CantonConfig, 'auth' | 'userId'>): LedgerApiCredentials {
  return auth.kind === 'hs256' ? { ...auth, userId: userId ?? '' } : auth
}

/** A failed grant as the API reports it: the token endpoint is the participant's way in. */
function toApiError(error: unknown): unknown {
  if (!(error instanceof CantonError)) return error
  switch (error.code) {
    case 'TOKEN_ENDPOINT_UNREACHABLE':
      return new ApiError(503, 'CANTON_UNAVAILABLE', error.shortMessage, { cause: error.cause })
    case 'TOKEN_GRANT_REFUSED':
    case 'TOKEN_ENDPOINT_BAD_RESPONSE':
      return new ApiError(502, 'CANTON_UNAVAILABLE', error.shortMessage, { cause: error })
    default:
      return error
  }
}
