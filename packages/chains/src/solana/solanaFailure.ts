import { isSolanaError } from '@solana/kit'
import { ChainsError, type ChainsErrorCode } from '../ChainsError.js'

const SHORT: Partial<Record<ChainsErrorCode, string>> = {
  TRANSACTION_REJECTED:
    'The Solana network refused the transaction. Check the details, prepare it again and retry.',
}

/**
 * A failed Solana RPC call as a `ChainsError`: `RPC_ERROR` by default, `TRANSACTION_REJECTED` for a
 * refused `sendTransaction`. The node's own words (and kit's decoding of a transaction error)
 * go to `details`; a `ChainsError` already raised by the transport passes through unchanged.
 */
export function solanaFailure(
  method: string,
  cause: unknown,
  code: ChainsErrorCode = 'RPC_ERROR',
): ChainsError {
  if (cause instanceof ChainsError) return cause
  return new ChainsError(
    code,
    SHORT[code] ?? 'The Solana node could not answer the request. Try again in a moment.',
    {
      details: `${method}: ${describe(cause)}`,
      cause,
    },
  )
}

function describe(cause: unknown): string {
  if (isSolanaError(cause)) {
    const context = cause.context as Record<string, unknown>
    const own = typeof context.__serverMessage === 'string' ? context.__serverMessage : cause.message
    const logs = Array.isArray(context.logs) ? ` [logs: ${context.logs.slice(-3).join(' | ')}]` : ''
    return cause.cause ? `${own}: ${describe(cause.cause)}${logs}` : `${own}${logs}`
  }
  return cause instanceof Error ? cause.message : String(cause)
}
