import { ChainsError } from '../ChainsError.js'
import { assertDecimals, MAX_AMOUNT } from './assertDecimals.js'

export interface ParseAmountParameters {
  /**
   * A decimal amount as a person or an API writes it: `"25"`, `"0.5"`, `".5"`, `"5."`,
   * `"100.0000000000"`. Spaces around it are ignored; nothing else but digits and one point is.
   */
  amount: string
  /** Decimals of the asset: its base unit is 10^-decimals (18 for ETH, 6 for USDC, 10 for Daml `Numeric 10`). */
  decimals: number
}

/** The amount in base units (an integer from 0 to 2^256 - 1). */
export type ParseAmountReturnType = bigint

export type ParseAmountErrorType = ChainsError

/** Longer input is refused before any work: 2^256 - 1 has 78 digits, and no asset has 100 decimals. */
const MAX_LENGTH = 200

const DECIMAL = /^(\d*)(?:\.(\d*))?$/

/**
 * Parses a decimal amount into base units, exactly. Throws `INVALID_AMOUNT`, with a message that
 * names the problem, for a negative amount, an exponent, anything but digits and one decimal
 * point; `AMOUNT_PRECISION` for a non-zero digit past `decimals` (rounding away part of an amount
 * someone is about to send or sign would be wrong; trailing zeros are fine: `"1.50"` is 1.5 with
 * any `decimals` >= 1).
 * Zero is an amount: callers that need more than zero say so themselves.
 */
export function parseAmount({ amount, decimals }: ParseAmountParameters): ParseAmountReturnType {
  assertDecimals(decimals)
  if (typeof amount !== 'string')
    throw new ChainsError('INVALID_AMOUNT', 'The amount must be text, like "25" or "0.5".', {
      details: `got ${amount === null ? 'null' : typeof amount}`,
    })
  const text = amount.trim()
  if (text === '') throw new ChainsError('INVALID_AMOUNT', 'Enter an amount, like 25 or 0.5.')
  if (text.length > MAX_LENGTH)
    throw new ChainsError('INVALID_AMOUNT', 'The amount is too long to be an amount.')
  const match = DECIMAL.exec(text)
  if (!match || text === '.') throw new ChainsError('INVALID_AMOUNT', notDecimal(text))
  const whole = match[1] ?? ''
  const fraction = match[2] ?? ''
  const significant = fraction.replace(/0+$/, '')
  if (significant.length > decimals)
    throw new ChainsError(
      'AMOUNT_PRECISION',
      decimals === 0
        ? 'Enter a whole number: this asset has no decimals.'
        : `At most ${decimals} digits after the decimal point: this amount has ${significant.length}.`,
    )
  const units = BigInt(`${whole}${significant.padEnd(decimals, '0')}` || '0')
  if (units > MAX_AMOUNT) throw new ChainsError('INVALID_AMOUNT', 'The amount is too large.')
  return units
}

/** The message for text that is not a plain decimal, naming what is wrong with it. */
function notDecimal(text: string): string {
  if (/^-(?:\d+\.?\d*|\.\d+)$/.test(text)) return 'The amount cannot be negative.'
  if (/^\+(?:\d+\.?\d*|\.\d+)$/.test(text)) return 'Write the amount without a sign, like 25 or 0.5.'
  if (/^(?:\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text))
    return 'Write the amount without an exponent, like 1000 rather than 1e3.'
  if (/\s/.test(text)) return 'The amount cannot contain spaces.'
  if (/^[\d.]*,[\d.,]*$/.test(text))
    return 'Use a point as the decimal separator and no thousands separator, like 1234.5.'
  if (/^\d*\.\d*\./.test(text)) return 'The amount has more than one decimal point.'
  return 'The amount must be a number, like 25 or 0.5.'
}
