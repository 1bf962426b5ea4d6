export interface BaseErrorOptions {
  /** Extra context for logs and developer tools (never secret material); appended to `message`. */
  details?: string | undefined
  /** The underlying error, kept for debugging. */
  cause?: unknown
}

/**
 * The base of every error a Stratos package throws on purpose, in the style of viem's `BaseError`:
 * a stable string `code` callers branch on, a `shortMessage` that says what happened (safe to show
 * as is), optional `details`, and the original error kept as `cause`. `message` is the short
 * message, followed by `\n\nDetails: <details>` when there are details.
 *
 * Each package extends it once with its own code union: `class KeysError extends BaseError<KeysErrorCode>`.
 */
export class BaseError<code extends string = string> extends Error {
  override name = 'BaseError'
  readonly code: code
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(code: code, shortMessage: string, options: BaseErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    })
    this.code = code
    this.shortMessage = shortMessage
    this.details = options.details
  }
}
