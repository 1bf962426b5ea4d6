import { ChainsError, parseAmount } from '@stratos/chains'
import { ContractsError } from './ContractsError.js'

/** How an amount is counted: the token's name in messages and its decimals. */
export interface TokenUnit {
  symbol: string
  decimals: number
}

export type ParseTokenAmountErrorType = ContractsError

/**
 * A decimal amount (`"1.5"`) in the token's smallest units, through @stratos/chains' parseAmount
 * (the one decimal parser of the product). Refuses more significant digits after the point than
 * the token has (AMOUNT_PRECISION: rounding them away would have the user sign another amount),
 * zero, and anything that is not a plain decimal (INVALID_AMOUNT, parseAmount's reason). Trailing
 * zeros carry no precision: `"1.50000000"` is fine for 6 decimals. Errors name `field`.
 */
export function parseTokenAmount(amount: string, token: TokenUnit, field = 'amount'): bigint {
  const fail = (code: 'INVALID_AMOUNT' | 'AMOUNT_PRECISION', message: string) =>
    new ContractsError(code, message, { field, token: { symbol: token.symbol, decimals: token.decimals } })
  let units: bigint
  try {
    units = parseAmount({ amount, decimals: token.decimals })
  } catch (error) {
    if (!(error instanceof ChainsError)) throw error
    if (error.code === 'AMOUNT_PRECISION') {
      const significant = (amount.trim().split('.')[1] ?? '').replace(/0+$/, '').length
      throw fail(
        'AMOUNT_PRECISION',
        `${token.symbol} has ${token.decimals} decimals, ${amount} has ${significant}`,
      )
    }
    throw fail('INVALID_AMOUNT', error.shortMessage)
  }
  if (units === 0n) throw fail('INVALID_AMOUNT', 'must be greater than 0')
  return units
}
