import { BaseError, type BaseErrorOptions } from '@stratos/errors'

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

export interface ContractsErrorOptions extends BaseErrorOptions {
  /** The input field at fault (`asset`, `amountIn`, `action`…), for errors about a caller's request. */
  field?: string | undefined
  /** The token an amount was read in, for amount errors. */
  token?: { symbol: string; decimals: number } | undefined
}

/**
 * The one error class of `@stratos/contracts`, on the packages' `BaseError`. `shortMessage` is safe
 * to show as is; `message` adds `details` when there are any.
 */
export class ContractsError extends BaseError<ContractsErrorCode> {
  override name = 'ContractsError'
  readonly field: string | undefined
  readonly token: { symbol: string; decimals: number } | undefined

  constructor(code: ContractsErrorCode, shortMessage: string, options: ContractsErrorOptions = {}) {
    super(code, shortMessage, { details: options.details, cause: options.cause })
    this.field = options.field
    this.token = options.token
  }
}
