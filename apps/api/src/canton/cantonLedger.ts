import { CantonError, createLedgerClient, type DisclosedContract, type LedgerClient } from '@stratos/canton'
import type { CantonConfig } from '../config.js'
import { ApiError } from '../errors.js'
import { createLedgerApiAuth } from './ledgerApiAuth.js'

/** A token-standard registry's choice context (token-standard transfer-instruction-v1 API). */
export interface RegistryChoiceContext {
  choiceContextData: { values: Record<string, unknown> }
  disclosedContracts: DisclosedContract[]
}

/** The API's way to its participant and the instrument's registry. */
export interface CantonLedger {
  config: CantonConfig
  client: LedgerClient
  /** CANTON_SYNCHRONIZER_ID, or the participant's first connected synchronizer (asked once). */
  synchronizerId(): Promise<string>
  /** `POST /registry/transfer-instruction/v1/transfer-factory`: the factory to exercise and its disclosure. */
  transferFactory(choiceArguments: Record<string, unknown>): Promise<{
    factoryId: string
    choiceContext: RegistryChoiceContext
  }>
  /** `POST /registry/transfer-instruction/v1/{cid}/choice-contexts/{action}`. */
  instructionChoiceContext(
    instructionCid: string,
    action: 'accept' | 'reject' | 'withdraw',
  ): Promise<RegistryChoiceContext>
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
  const client = createLedgerClient({ url: config.url, getToken: auth.token, fetch: auth.retrying(fetchFn) })

  let synchronizer: Promise<string> | undefined
  const registryBase = `${config.registryUrl.replace(/\/+$/, '')}/registry/transfer-instruction/v1`

  async function registry<T>(path: string, body: unknown): Promise<T> {
    let response: Response
    try {
      response = await fetchFn(`${registryBase}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      })
    } catch (cause) {
      throw new ApiError(503, 'CANTON_UNAVAILABLE', 'The token registry could not be reached', { cause })
    }
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    if (!response.ok) {
      // The registry API answers errors as `{ error }`.
      const error = (json as { error?: unknown } | undefined)?.error
      const what = typeof error === 'string' ? error : `HTTP ${response.status}`
      throw new ApiError(
        response.status === 404 ? 404 : 502,
        response.status === 404 ? 'CANTON_NOT_FOUND' : 'CANTON_REGISTRY_ERROR',
        `The token registry refused the request: ${what.slice(0, 300)}`,
      )
    }
    if (json === undefined)
      throw new ApiError(502, 'CANTON_REGISTRY_ERROR', 'The token registry sent an answer that is not JSON')
    return json as T
  }

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
    transferFactory: (choiceArguments) =>
      registry('/transfer-factory', { choiceArguments, excludeDebugFields: true }),
    instructionChoiceContext: (cid, action) =>
      registry(`/${encodeURIComponent(cid)}/choice-contexts/${action}`, { excludeDebugFields: true }),
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
