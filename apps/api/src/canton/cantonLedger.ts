import { CantonError, createLedgerClient, type LedgerClient } from '@stratos/canton'
import type { CantonConfig } from '../config.js'
import { ApiError } from '../errors.js'
import { createLedgerApiAuth } from './ledgerApiAuth.js'
import { createTokenRegistry, type TokenRegistry } from './tokenRegistry.js'

/** The API's way to its participant and the instrument's registry. */
export interface CantonLedger extends TokenRegistry {
  config: CantonConfig
  client: LedgerClient
  /**
   * A client of the same participant with the same tokens as `client` (no new grant), whose every
   * request is given up after `ms`: for probes and health checks, which must answer in time.
   */
  clientWithin(ms: number): LedgerClient
  /** CANTON_SYNCHRONIZER_ID, or the participant's first connected synchronizer (asked once). */
  synchronizerId(): Promise<string>
}

/**
 * Builds the participant client for `config`; its tokens come from {@link createLedgerApiAuth}
 * (static, HS256 minted for the API's user, or OAuth2 client credentials; renewed before they
 * expire; a 401 is retried once with a fresh token). `now`: the API's clock, in ms.
 */
export function createCantonLedger(
  config: CantonConfig,
  fetchFn: typeof fetch = fetch,
  now: () => number = Date.now,
): CantonLedger {
  const auth = createLedgerApiAuth(config, { fetch: fetchFn, now })
  const clientOver = (f: typeof fetch) =>
    createLedgerClient({ url: config.url, getToken: auth.token, fetch: auth.retrying(f) })
  const client = clientOver(fetchFn)

  let synchronizer: Promise<string> | undefined
  const registry = createTokenRegistry({
    url: config.registryUrl,
    token: config.registryToken,
    fetch: fetchFn,
  })

  return {
    config,
    client,
    clientWithin: (ms) =>
      clientOver((input, init) => fetchFn(input, { ...init, signal: AbortSignal.timeout(ms) })),
    synchronizerId() {
      if (config.synchronizerId) return Promise.resolve(config.synchronizerId)
      synchronizer ??= client.connectedSynchronizers().then(({ connectedSynchronizers }) => {
        const first = connectedSynchronizers?.[0]?.synchronizerId
        if (!first)
          throw new CantonError('LEDGER_BAD_RESPONSE', 'The participant is connected to no synchronizer')
        return first
      })
      synchronizer.catch(() => {
        synchronizer = undefined
      })
      return synchronizer
    },
    transferFactory: registry.transferFactory,
    instructionChoiceContext: registry.instructionChoiceContext,
  }
}

/** What a 401 of the participant means for whoever runs the instance (the token, not the request). */
export const LEDGER_TOKEN_REFUSED =
  "The Canton participant refused the wallet server's Ledger API token (401 UNAUTHENTICATED): check that the participant trusts the token's issuer and that the token's audience or scope is what its auth service expects (CANTON_OAUTH_AUDIENCE, CANTON_OAUTH_SCOPE)"

/**
 * A Canton failure as the API reports it: a participant that refuses a command is the caller's
 * problem (400 CANTON_REJECTED with Canton's own reason), an unreachable or broken participant is
 * 503/502. Anything that is not a CantonError passes through unchanged.
 */
export function toApiError(error: unknown): unknown {
  if (!(error instanceof CantonError)) return error
  switch (error.code) {
    case 'LEDGER_API_ERROR': {
      const status = error.status ?? 500
      if (status === 401)
        return new ApiError(502, 'CANTON_UNAVAILABLE', LEDGER_TOKEN_REFUSED, { cause: error })
      if (status === 403 || status >= 500)
        return new ApiError(502, 'CANTON_UNAVAILABLE', 'The Canton participant refused the wallet server', {
          cause: error,
        })
      const reason = error.ledgerError
        ? `${error.ledgerError.code}: ${error.ledgerError.cause}`
        : error.shortMessage
      return new ApiError(
        status === 404 ? 404 : status === 409 ? 409 : 400,
        'CANTON_REJECTED',
        `The Canton participant refused: ${reason.slice(0, 500)}`,
        {
          cause: error,
        },
      )
    }
    case 'LEDGER_UNREACHABLE':
      return new ApiError(503, 'CANTON_UNAVAILABLE', 'The Canton participant could not be reached', {
        cause: error,
      })
    case 'INVALID_ARGUMENT':
      return new ApiError(400, 'INVALID_BODY', error.shortMessage, { cause: error })
    default:
      return new ApiError(502, 'CANTON_BAD_GATEWAY', 'The Canton participant sent an unexpected answer', {
        cause: error,
      })
  }
}
