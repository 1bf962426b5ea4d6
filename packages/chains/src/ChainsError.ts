import { BaseError, type BaseErrorOptions } from '@stratos/errors'

/** Stable codes a caller can branch on; the message says what to do. */
export type ChainsErrorCode =
  | 'INVALID_ADDRESS'
  | 'INVALID_AMOUNT'
  /** An amount with more digits after the point than the asset has (never rounded away). */
  | 'AMOUNT_PRECISION'
  | 'INSUFFICIENT_FUNDS'
  | 'TRANSACTION_REVERTED'
  | 'RPC_ERROR'

/** `details` (extra detail for logs and developer tools, never key material) and `cause`. */
export type ChainsErrorOptions = BaseErrorOptions

/**
 * The one error class of `@stratos/chains`. `shortMessage` is safe to show to a person as is;
 * `message` adds `details` when there are any.
 */
export class ChainsError extends BaseError<ChainsErrorCode> {
  override name = 'ChainsError'
}
