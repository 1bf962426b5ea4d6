import { assertDecimals } from './assertDecimals.js'

export interface FormatAmountParameters {
  /** The amount in base units; not negative. */
  value: bigint
  /** Decimals of the asset: its base unit is 10^-decimals. */
  decimals: number
  /**
   * Show at most this many digits after the point, cutting the rest (never rounding up, so a
   * balance is never shown larger than it is). All of them when omitted.
   */
  maxFractionDigits?: number | undefined
}

/** The shortest decimal: no trailing zeros, no bare point (`"25"`, `"0.5"`). */
export type FormatAmountReturnType = string

/**
 * Base units as a decimal for display: `1_500_000n` with 6 decimals is `"1.5"`. The inverse of
 * `parseAmount` when nothing is cut. A non-zero amount cut to nothing reads `"0"`: callers that
 * must not show a balance as empty say so in their own words.
 */
export function formatAmount({
  value,
  decimals,
  maxFractionDigits,
}: FormatAmountParameters): FormatAmountReturnType {
  assertDecimals(decimals)
  if (typeof value !== 'bigint' || value < 0n)
    throw new RangeError(`value: expected base units as a bigint >= 0, got ${String(value)}`)
  if (maxFractionDigits !== undefined && (!Number.isInteger(maxFractionDigits) || maxFractionDigits < 0))
    throw new RangeError(`maxFractionDigits: expected an integer >= 0, got ${String(maxFractionDigits)}`)
  const digits = value.toString().padStart(decimals + 1, '0')
  const whole = digits.slice(0, digits.length - decimals)
  const fraction = digits
    .slice(digits.length - decimals)
    .slice(0, maxFractionDigits)
    .replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole
}
