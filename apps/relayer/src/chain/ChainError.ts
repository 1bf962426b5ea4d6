import { RelayerError } from '../errors.js'
import { messageOf } from '../utils/messageOf.js'

/** Every failure code of the chain side. Stable strings: the relayer branches on them. */
export type ChainErrorCode =
  /** The transaction's nonce was taken by another transaction of the same key. */
  | 'NONCE_CONSUMED'
  /** The node refused the transaction (not a nonce problem); `details` has the node's words. */
  | 'BROADCAST_REFUSED'
  /** The work was stopped (leadership lost, shutdown). */
  | 'ABORTED'

/** The relayer's chain-side error: a `RelayerError` whose `code` is one of `ChainErrorCode`. */
export class ChainError extends RelayerError<ChainErrorCode> {
  override name = 'ChainError'
}

/** Throws the signal's reason (or an ABORTED ChainError) when it is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new ChainError('ABORTED', 'The work was stopped')
}

/** The node's own words for a nonce that is already used (geth, anvil, erigon, nethermind). */
export function isNonceTooLow(error: unknown): boolean {
  return /nonce too low|nonce.*(already been used|is too low)|NONCE_EXPIRED|OldNonce/i.test(messageOf(error))
}

/** The node already holds this exact transaction. */
export function isAlreadyKnown(error: unknown): boolean {
  return /already known|already imported|known transaction|AlreadyKnown|transaction already exists/i.test(
    messageOf(error),
  )
}
