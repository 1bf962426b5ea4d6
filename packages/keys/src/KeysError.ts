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
  | 'VAULT_LOCKED'

export interface KeysErrorOptions {
  /** Extra detail for logs, never secret material. */
  details?: string
  /** The underlying error, kept for debugging. */
  cause?: unknown
}

/**
 * The one error class of `@stratos/keys`. Carries a string `code` and a short message that says
 * what was wrong; never includes key material (messages may end up in logs and bug reports).
 */
export class KeysError extends Error {
  override name = 'KeysError'
  readonly code: KeysErrorCode
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(code: KeysErrorCode, shortMessage: string, options: KeysErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    })
    this.code = code
    this.shortMessage = shortMessage
    this.details = options.details
  }
}
