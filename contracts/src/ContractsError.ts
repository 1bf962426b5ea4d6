/** Stable codes a caller can branch on; the message says what to do. */
export type ContractsErrorCode =
  | 'INVALID_ADDRESS'
  | 'INVALID_AMOUNT'
  | 'DEPLOY_FAILED'
  | 'TRANSACTION_REVERTED'
  /** An amount has more significant digits after the point than its token has decimals. */
  | 'AMOUNT_PRECISION'
  /** The vault holds no token of that symbol. */
  | 'UNKNOWN_ASSET'
  /** A swap names the same token twice. */
  | 'SAME_TOKEN'
  /** The vault has no adapter for the action (zero address). */
  | 'NO_ADAPTER'
  /** A Compound action on a vault without a cToken. */
  | 'NO_CTOKEN'

export interface ContractsErrorOptions {
  /** Extra detail for logs and developer tools. */
  details?: string
  cause?: unknown
  /** The input field at fault (`asset`, `amountIn`, `action`…), for errors about a caller's request. */
  field?: string
  /** The token an amount was read in, for amount errors. */
  token?: { symbol: string; decimals: number }
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
  readonly field: string | undefined
  readonly token: { symbol: string; decimals: number } | undefined

  constructor(code: ContractsErrorCode, shortMessage: string, options: ContractsErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    })
    this.code = code
    this.shortMessage = shortMessage
    this.details = options.details
    this.field = options.field
    this.token = options.token
  }
}
