import { BaseError, type BaseErrorOptions } from '@stratos/errors'
import type { JsCantonError } from './ledgerApiTypes.js'

/** Every failure code this package throws. Stable strings: callers branch on them, the UI maps them. */
export type CantonErrorCode =
  /** A wrong argument type or shape (a programming error of the caller). */
  | 'INVALID_ARGUMENT'
  /** The prepared transaction does not decode, or its tree is malformed (missing/duplicate/unreachable nodes). */
  | 'PREPARED_TRANSACTION_INVALID'
  /** The hash we recompute from the prepared transaction differs from the one the server sent. */
  | 'PREPARED_HASH_MISMATCH'
  /** The prepared transaction does not act as the party that was expected to sign it. */
  | 'PREPARED_SIGNER_MISMATCH'
  /** The server used a hashing scheme we cannot recompute (only HASHING_SCHEME_VERSION_V2 is supported). */
  | 'UNSUPPORTED_HASHING_SCHEME'
  /** Onboarding topology that does not match its multiHash, or maps the party to anything but our key. */
  | 'TOPOLOGY_MISMATCH'
  /** The participant answered with a non-2xx status; `ledgerError` holds the spec's JsCantonError when sent. */
  | 'LEDGER_API_ERROR'
  /** Web Crypto (`crypto.subtle`, used to recompute hashes) is missing: the page is not a secure context. */
  | 'CRYPTO_UNAVAILABLE'
  /** The participant could not be reached (network error, DNS, refused connection, aborted). */
  | 'LEDGER_UNREACHABLE'
  /** The participant answered 2xx with a body that is not the JSON the spec promises. */
  | 'LEDGER_BAD_RESPONSE'
  /** The OAuth2 token endpoint could not be reached (network error, DNS, timeout). */
  | 'TOKEN_ENDPOINT_UNREACHABLE'
  /** The identity provider refused the client-credentials grant (`status`; its RFC 6749 §5.2 code in the message). */
  | 'TOKEN_GRANT_REFUSED'
  /** The token endpoint answered 2xx without a usable Bearer access token. */
  | 'TOKEN_ENDPOINT_BAD_RESPONSE'

export interface CantonErrorOptions extends BaseErrorOptions {
  /** HTTP status of a Ledger API or token endpoint answer (LEDGER_API_ERROR, LEDGER_BAD_RESPONSE, TOKEN_*). */
  status?: number
  /** The spec's `JsCantonError` body of a failed Ledger API call, when the participant sent one. */
  ledgerError?: JsCantonError
}

/**
 * The one error class of `@stratos/canton`. Carries a string `code` and a short message a person
 * understands; for failed Ledger API calls also the HTTP `status` and the participant's
 * `JsCantonError` (`ledgerError.code` is Canton's own code, e.g. `CONTRACT_NOT_FOUND`).
 */
export class CantonError extends BaseError<CantonErrorCode> {
  override name = 'CantonError'
  readonly status: number | undefined
  readonly ledgerError: JsCantonError | undefined

  constructor(code: CantonErrorCode, shortMessage: string, options: CantonErrorOptions = {}) {
    super(code, shortMessage, options)
    this.status = options.status
    this.ledgerError = options.ledgerError
  }

  /** Canton's error code of a failed Ledger API call (`JsCantonError.code`), if the participant sent one. */
  get cantonCode(): string | undefined {
    return this.ledgerError?.code
  }
}
