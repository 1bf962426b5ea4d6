/** Stable codes a caller can branch on; the message says what to do. */
export type ContractsErrorCode =
  | 'INVALID_ADDRESS'
  | 'INVALID_AMOUNT'
  | 'DEPLOY_FAILED'
  | 'TRANSACTION_REVERTED'

export interface ContractsErrorOptions {
  /** Extra detail for logs and developer tools. */
  details?: string
  cause?: unknown
}

/**
 * The one error class of `@stratos/contracts`. `shortMessage` is safe to show as is; `message` adds
 * `details` when there are any.
 */
export class ContractsError extends Error {
  override name = 'ContractsError'
  readonly code: ContractsErrorCode
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(code: ContractsErrorCode, shortMessage: string, options: ContractsErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    })
    this.code = code
    this.shortMessage = shortMessage
    this.details = options.details
  }
}
