import { parseUnits } from 'viem'
import { ChainsError } from '../ChainsError.js'

export interface ParseNativeAmountParameters {
  /** What a person typed, e.g. `"0.5"`. Surrounding spaces are ignored; a comma is not a decimal point. */
  amount: string
  /** Decimals of the coin; 18 for ETH. */
  decimals?: number
}

/** The amount in the smallest unit (wei). */
export type ParseNativeAmountReturnType = bigint

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/

/**
 * Parses a decimal amount typed by a person into the smallest unit. Throws `INVALID_AMOUNT` for
 * anything that is not a plain positive decimal with at most `decimals` fraction digits: silently
 * rounding an amount someone is about to send would be wrong.
 */
export function parseNativeAmount({
  amount,
  decimals = 18,
}: ParseNativeAmountParameters): ParseNativeAmountReturnType {
  const text = amount.trim()
  if (!DECIMAL.test(text)) {
    throw new ChainsError('INVALID_AMOUNT', 'Enter an amount as a number, like 0.5.')
  }
  const fraction = text.split('.')[1] ?? ''
  if (fraction.length > decimals) {
    throw new ChainsError('INVALID_AMOUNT', `At most ${decimals} digits after the decimal point.`)
  }
  const value = parseUnits(text, decimals)
  if (value <= 0n) throw new ChainsError('INVALID_AMOUNT', 'The amount must be more than zero.')
  return value
}
