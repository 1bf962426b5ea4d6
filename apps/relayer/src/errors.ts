/**
 * The relayer's errors. One base (`RelayerError`) on `@stratos/errors`' `BaseError`: a stable
 * string `code` for callers and metrics, a `shortMessage` that says what happened, optional
 * `details` (the cause's message when none are given), and the original error kept as `cause`.
 */
import { BaseError, type BaseErrorOptions } from '@stratos/errors'

export type RelayerErrorOptions = BaseErrorOptions

/** Base of every error the relayer throws on purpose; each subclass narrows `code` to its own union. */
export class RelayerError<code extends string = string> extends BaseError<code> {
  override name = 'RelayerError'

  constructor(code: code, shortMessage: string, options: RelayerErrorOptions = {}) {
    const causeMessage = options.cause instanceof Error ? options.cause.message : undefined
    super(code, shortMessage, { cause: options.cause, details: options.details ?? causeMessage })
  }
}

/** Thrown when a write or a signature is attempted without (or with an outdated) leadership. */
export class StaleLeaderError extends RelayerError<'STALE_LEADER'> {
  override readonly name = 'StaleLeaderError'

  constructor(
    shortMessage = 'This relayer is not the leader (its lease is gone or a newer leader has written)',
    options: RelayerErrorOptions = {},
  ) {
    super('STALE_LEADER', shortMessage, options)
  }
}

export type JournalStateErrorCode = 'INVALID_TRANSITION' | 'INTENT_NOT_FOUND' | 'TX_CONFLICT'

/** A journal write that the intent's state machine does not allow (or an intent that is not there). */
export class JournalStateError extends RelayerError<JournalStateErrorCode> {
  override readonly name = 'JournalStateError'
}

export type SignerErrorCode =
  | 'INVALID_DIGEST'
  | 'INVALID_PRIVATE_KEY'
  | 'INVALID_DER_SIGNATURE'
  | 'INVALID_PUBLIC_KEY'
  | 'SIGNATURE_NOT_RECOVERABLE'
  | 'KMS_REQUEST_FAILED'

/** A signer that cannot produce a valid signature (bad input, bad key material, KMS failure). */
export class SignerError extends RelayerError<SignerErrorCode> {
  override readonly name = 'SignerError'
}

export type LeadershipErrorCode = 'LEADERSHIP_CLOSED' | 'CAMPAIGN_ABORTED' | 'ETCD_INCOMPATIBLE'

/** Leadership cannot be (re)gained: closed, resigned while campaigning, or aborted. */
export class LeadershipError extends RelayerError<LeadershipErrorCode> {
  override readonly name = 'LeadershipError'
}
