import { assertDecimals } from '../amount/assertDecimals.js'
import { PRICE_PATTERN, type Price } from './PriceProvider.js'

/** An exact decimal value in the price's currency: `units / 10^scale` (never a float). */
export interface FiatValue {
  units: bigint
  scale: number
}

/**
 * The value of a balance: `amountBaseUnits` (bigint base units of an asset with `decimals`) times
 * the price of one whole unit, exactly. The one place a balance meets a price. A zero balance is
 * worth 0 whatever the price; a balance without a price (null, undefined) has no value: null.
 */
export function fiatValue(
  amountBaseUnits: bigint,
  decimals: number,
  price: Price | null | undefined,
): FiatValue | null {
  assertDecimals(decimals)
  if (typeof amountBaseUnits !== 'bigint' || amountBaseUnits < 0n)
    throw new RangeError(
      `amountBaseUnits: expected base units as a bigint >= 0, got ${String(amountBaseUnits)}`,
    )
  if (amountBaseUnits === 0n) return { units: 0n, scale: 0 }
  if (price === null || price === undefined) return null
  if (typeof price !== 'string' || !PRICE_PATTERN.test(price))
    throw new RangeError(`price: expected a decimal string such as "12.34", got ${String(price)}`)
  const [whole = '', fraction = ''] = price.split('.')
  return { units: amountBaseUnits * BigInt(whole + fraction), scale: decimals + fraction.length }
}

/** The sum of values (a portfolio total) and how many had no price (null) and are left out of it. */
export function sumFiatValues(values: readonly (FiatValue | null)[]): { total: FiatValue; unpriced: number } {
  const priced = values.filter((value): value is FiatValue => value !== null)
  const scale = Math.max(0, ...priced.map((value) => value.scale))
  const units = priced.reduce((sum, value) => sum + value.units * 10n ** BigInt(scale - value.scale), 0n)
  return { total: { units, scale }, unpriced: values.length - priced.length }
}
