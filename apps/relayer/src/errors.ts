/**
 * The relayer's errors. One base (`RelayerError`) in the style of viem's `BaseError`: a stable
 * string `code` for callers and metrics, a `shortMessage` that says what happened, optional
 * `details`, and the original error kept as `cause`.
 */

export type RelayerErrorOptions = {
  cause?: unknown
  /** Extra context, appended to `message` on its own line. */
  details?: string
}

/** Base of every error the relayer throws on purpose. */
export class RelayerError extends Error {
  override name = 'RelayerError'
  readonly code: string
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(code: string, shortMessage: string, options: RelayerErrorOptions = {}) {
    const causeMessage = options.cause instanceof Error ? options.cause.message : undefined
    const details = options.details ?? causeMessage
    super(details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage, { cause: options.cause })
    this.code = code
    this.shortMessage = shortMessage
    this.details = details
  }
}

/** Thrown when a write or a signature is attempted without (or with an outdated) leadership. */
export class StaleLeaderError extends RelayerError {
  override readonly name = 'StaleLeaderError'
  declare readonly code: 'STALE_LEADER'

  constructor(
    shortMessage = 'This relayer is not the leader (its lease is gone or a newer leader has written)',
    options: RelayerErrorOptions = {},
  ) {
    super('STALE_LEADER', shortMessage, options)
  }
}

/** A journal write that the intent's state machine does not allow (or an intent that is not there). */
export class JournalStateError extends RelayerError {
  override readonly name = 'JournalStateError'
  declare readonly code: 'INVALID_TRANSITION' | 'INTENT_NOT_FOUND' | 'TX_CONFLICT'

  constructor(
    code: 'INVALID_TRANSITION' | 'INTENT_NOT_FOUND' | 'TX_CONFLICT',
    shortMessage: string,
    options: RelayerErrorOptions = {},
  ) {
    super(code, shortMessage, options)
  }
}

export type SignerErrorCode =
  | 'INVALID_DIGEST'
  | 'INVALID_PRIVATE_KEY'
  | 'INVALID_DER_SIGNATURE'
  | 'INVALID_PUBLIC_KEY'
  | 'SIGNATURE_NOT_RECOVERABLE'
  | 'KMS_REQUEST_FAILED'

/** A signer that cannot produce a valid signature (bad input, bad key material, KMS failure). */
export class SignerError extends RelayerError {
  override readonly name = 'SignerError'
  declare readonly code: SignerErrorCode

  constructor(code: SignerErrorCode, shortMessage: string, options: RelayerErrorOptions = {}) {
    super(code, shortMessage, options)
  }
}

/** Leadership cannot be (re)gained: closed, resigned while campaigning, or aborted. */
export class LeadershipError extends RelayerError {
  override readonly name = 'LeadershipError'
  declare readonly code: 'LEADERSHIP_CLOSED' | 'CAMPAIGN_ABORTED' | 'ETCD_INCOMPATIBLE'

  constructor(
    code: 'LEADERSHIP_CLOSED' | 'CAMPAIGN_ABORTED' | 'ETCD_INCOMPATIBLE',
    shortMessage: string,
    options: RelayerErrorOptions = {},
  ) {
    super(code, shortMessage, options)
  }
}
