import { BaseError, type BaseErrorOptions } from '@stratos/errors'

/** Every failure code this package throws. Stable strings: callers branch on them, the UI maps them. */
export type KeysErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_PRF'
  | 'INVALID_ENTROPY'
  | 'INVALID_MNEMONIC'
  | 'INVALID_INDEX'
  | 'INVALID_ADDRESS'
  | 'INVALID_TRANSACTION'
  | 'INVALID_PSBT'
  | 'NOTHING_TO_SIGN'
  | 'UNWRAP_FAILED'
  | 'UNSEAL_FAILED'
  | 'INVALID_SHARES'
  | 'VAULT_LOCKED'

/** `details` (extra detail for logs, never secret material) and `cause`. */
export type KeysErrorOptions = BaseErrorOptions

/**
 * The one error class of `@stratos/keys`. Carries a string `code` and a short message that says
 * what was wrong; never includes key material (messages may end up in logs and bug reports).
 */
export class KeysError extends BaseError<KeysErrorCode> {
  override name = 'KeysError'
}
