import { ContractsError } from './ContractsError.js'

/** How an amount is counted: the token's name in messages and its decimals. */
export interface TokenUnit {
  symbol: string
  decimals: number
}

export type ParseTokenAmountErrorType = ContractsError

/**
 * A decimal amount (`"1.5"`) in the token's smallest units. Refuses more significant digits after
 * the point than the token has (AMOUNT_PRECISION: rounding them away would have the user sign
 * another amount) and zero or anything but digits with an optional fraction (INVALID_AMOUNT).
 * Trailing zeros carry no precision: `"1.50000000"` is fine for 6 decimals. Errors name `field`.
 */
export function parseTokenAmount(amount: string, token: TokenUnit, field = 'amount'): bigint {
  const fail = (code: 'INVALID_AMOUNT' | 'AMOUNT_PRECISION', message: string) =>
    new ContractsError(code, message, { field, token: { symbol: token.symbol, decimals: token.decimals } })
  if (!/^\d+(\.\d+)?$/.test(amount)) throw fail('INVALID_AMOUNT', 'expected a decimal number, e.g. 25 or 0.5')
  const [whole = '0', fraction = ''] = amount.split('.')
  const significant = fraction.replace(/0+$/, '')
  if (significant.length > token.decimals)
    throw fail(
      'AMOUNT_PRECISION',
      `${token.symbol} has ${token.decimals} decimals, ${amount} has ${significant.length}`,
    )
  const units = BigInt(whole + significant.padEnd(token.decimals, '0'))
  if (units === 0n) throw fail('INVALID_AMOUNT', 'must be greater than 0')
  return units
}
