/** Stable codes a caller can branch on; the message says what to do. */
export type ChainsErrorCode =
  | 'INVALID_ADDRESS'
  | 'INVALID_AMOUNT'
  | 'INSUFFICIENT_FUNDS'
  | 'TRANSACTION_REVERTED'
  | 'RPC_ERROR'

export interface ChainsErrorOptions {
  /** Extra detail for logs and developer tools (never key material). */
  details?: string
  cause?: unknown
}

/**
 * The one error class of `@stratos/chains`. `shortMessage` is safe to show to a person as is;
 * `message` adds `details` when there are any.
 */
export class ChainsError extends Error {
  override name = 'ChainsError'
  readonly code: ChainsErrorCode
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(code: ChainsErrorCode, shortMessage: string, options: ChainsErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    })
    this.code = code
    this.shortMessage = shortMessage
    this.details = options.details
  }
}
