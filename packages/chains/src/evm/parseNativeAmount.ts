import { parseAmount } from '../amount/parseAmount.js'
import { ChainsError } from '../ChainsError.js'

export interface ParseNativeAmountParameters {
  /** What a person typed, e.g. `"0.5"`. Surrounding spaces are ignored; a comma is not a decimal point. */
  amount: string
  /** Decimals of the coin; 18 for ETH. */
  decimals?: number | undefined
}

/** The amount in the smallest unit (wei). */
export type ParseNativeAmountReturnType = bigint

/**
 * Parses a coin amount typed by a person into the smallest unit, for a transfer: `parseAmount`'s
 * rules (exact, `INVALID_AMOUNT` naming what is wrong) and more than zero.
 */
export function parseNativeAmount({
  amount,
  decimals = 18,
}: ParseNativeAmountParameters): ParseNativeAmountReturnType {
  const value = parseAmount({ amount, decimals })
  if (value === 0n) throw new ChainsError('INVALID_AMOUNT', 'The amount must be more than zero.')
  return value
}
