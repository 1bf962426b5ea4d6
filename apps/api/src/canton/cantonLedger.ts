import { CantonError, createLedgerClient, type LedgerClient } from '@stratos/canton'
import { SignJWT } from 'jose'
import type { CantonConfig } from '../config.js'
import { ApiError } from '../errors.js'
import { createTokenRegistry, type TokenRegistry } from './tokenRegistry.js'

/** The API's way to its participant and the instrument's registry. */
export interface CantonLedger extends TokenRegistry {
  config: CantonConfig
  client: LedgerClient
  /** CANTON_SYNCHRONIZER_ID, or the participant's first connected synchronizer (asked once). */
  synchronizerId(): Promise<string>
}

/** Canton's scope for Ledger API access tokens. */
const LEDGER_API_SCOPE = 'daml_ledger_api'
const TOKEN_TTL_SECONDS = 3600

/**
 * Builds the participant client for `config`: a static bearer token, or HS256 tokens minted for
 * the API's Ledger API user (refreshed a minute before they expire).
 */
export function createCantonLedger(config: CantonConfig, fetchFn: typeof fetch = fetch): CantonLedger {
  let cached: { token: string; refreshAt: number } | undefined
  const getToken = async () => {
    if (config.auth.kind === 'token') return config.auth.token
    const now = Math.floor(Date.now() / 1000)
    if (cached && cached.refreshAt > now) return cached.token
    const jwt = new SignJWT({ scope: LEDGER_API_SCOPE })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(config.userId ?? '')
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_TTL_SECONDS)
    if (config.auth.audience) jwt.setAudience(config.auth.audience)
    const token = await jwt.sign(new TextEncoder().encode(config.auth.secret))
    cached = { token, refreshAt: now + TOKEN_TTL_SECONDS - 60 }
    return token
  }
  const client = createLedgerClient({ url: config.url, getToken, fetch: fetchFn })

  let synchronizer: Promise<string> | undefined
  const registry = createTokenRegistry({
    url: config.registryUrl,
    token: config.registryToken,
    fetch: fetchFn,
  })

  return {
    config,
    client,
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
      if (status === 401 || status === 403 || status >= 500)
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
