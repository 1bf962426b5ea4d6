import { BaseError, type BaseErrorOptions } from '@stratos/errors'

/** Stable codes a caller can branch on; the message says what to do. */
export type ChainsErrorCode =
  | 'INVALID_ADDRESS'
  | 'INVALID_AMOUNT'
  /** An amount with more digits after the point than the asset has (never rounded away). */
  | 'AMOUNT_PRECISION'
  | 'INSUFFICIENT_FUNDS'
  /** The amount fits the balance but the amount plus the network fee does not. */
  | 'INSUFFICIENT_FUNDS_FOR_FEE'
  /** An output (or change) below what the network relays (Bitcoin dust). */
  | 'DUST_OUTPUT'
  /** A TRON account that does not exist on chain yet and cannot pay or receive tokens as asked. */
  | 'ACCOUNT_NOT_ACTIVATED'
  /** A TON wallet contract not deployed yet where the operation needs it. */
  | 'WALLET_NOT_DEPLOYED'
  /** A Solana account would be left (or created) below the rent-exempt minimum. */
  | 'RENT_EXEMPTION'
  /** The endpoint serves another network than the one configured. */
  | 'WRONG_NETWORK'
  /** No token contract (mint, jetton master) at the address given. */
  | 'TOKEN_NOT_FOUND'
  /** The node refused the signed transaction; `details` has its words. */
  | 'TRANSACTION_REJECTED'
  | 'TRANSACTION_REVERTED'
  /** A history cursor the adapter did not hand out. */
  | 'INVALID_CURSOR'
  | 'RPC_ERROR'
  /** The price provider did not answer with prices (unreachable, refused the key, an error, not JSON). */
  | 'PRICE_PROVIDER_FAILED'
  /** The price provider refused for its rate limit (HTTP 429); `retryAfterSeconds` when it said. */
  | 'PRICE_RATE_LIMITED'

/** `details` (extra detail for logs and developer tools, never key material) and `cause`. */
export type ChainsErrorOptions = BaseErrorOptions

/**
 * The one error class of `@stratos/chains`. `shortMessage` is safe to show to a person as is;
 * `message` adds `details` when there are any.
 */
export class ChainsError extends BaseError<ChainsErrorCode> {
  override name = 'ChainsError'
}
