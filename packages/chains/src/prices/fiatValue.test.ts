import { describe, expect, test } from 'vitest'
import { fiatValue, sumFiatValues } from './fiatValue.js'
import { formatFiatValue } from './formatFiatValue.js'

describe('fiatValue', () => {
  test('behavior: base units times the price of one whole unit, exactly', () => {
    // 1.5 ETH at 3500.25 = 5250.375
    expect(fiatValue(1_500_000_000_000_000_000n, 18, '3500.25')).toEqual({
      units: 1_500_000_000_000_000_000n * 350025n,
      scale: 20,
    })
    expect(
      formatFiatValue(fiatValue(1_500_000_000_000_000_000n, 18, '3500.25'), 'usd', { locale: 'en-US' }),
    ).toBe('$5,250.38')
  })

  test('behavior: a zero balance is worth 0 even without a price; a balance without a price has no value', () => {
    expect(fiatValue(0n, 6, null)).toEqual({ units: 0n, scale: 0 })
    expect(fiatValue(1n, 6, null)).toBeNull()
    expect(fiatValue(1n, 6, undefined)).toBeNull()
  })

  test('behavior: no float anywhere: a 2^256 - 1 balance keeps every digit', () => {
    const value = fiatValue(2n ** 256n - 1n, 0, '1')
    expect(formatFiatValue(value, 'usd', { locale: 'en-US' })).toBe(
      `$${(2n ** 256n - 1n).toLocaleString('en-US')}.00`,
    )
  })

  test('error: a negative amount, bad decimals or a price that is not a decimal are the caller’s mistakes', () => {
    expect(() => fiatValue(-1n, 6, '1')).toThrow(RangeError)
    expect(() => fiatValue(1n, 256, '1')).toThrow(RangeError)
    for (const price of ['1e5', '-1', '1.', 'NaN', ''])
      expect(() => fiatValue(1n, 6, price)).toThrow(/price: expected a decimal string/)
  })
})

describe('sumFiatValues', () => {
  test('behavior: values of different scales add exactly; those without a price are counted apart', () => {
    const sum = sumFiatValues([
      fiatValue(1_000_000n, 6, '0.999872'),
      fiatValue(50_000_000n, 8, '67187.34'),
      null,
    ])
    expect(sum.unpriced).toBe(1)
    expect(formatFiatValue(sum.total, 'usd', { locale: 'en-US' })).toBe('$33,594.67')
    expect(sumFiatValues([])).toEqual({ total: { units: 0n, scale: 0 }, unpriced: 0 })
  })
})

describe('formatFiatValue', () => {
  test('behavior: rounded half up to the minor unit of the currency, once', () => {
    expect(formatFiatValue({ units: 1005n, scale: 3 }, 'usd', { locale: 'en-US' })).toBe('$1.01')
    expect(formatFiatValue({ units: 1004n, scale: 3 }, 'usd', { locale: 'en-US' })).toBe('$1.00')
    expect(formatFiatValue({ units: 1234567n, scale: 3 }, 'jpy', { locale: 'en-US' })).toBe('¥1,235')
    expect(formatFiatValue({ units: 1234567n, scale: 3 }, 'eur', { locale: 'de-DE' })).toBe('1.234,57\u00a0€')
  })

  test('behavior: a positive value below the smallest unit says so; zero is zero', () => {
    expect(formatFiatValue({ units: 4n, scale: 3 }, 'usd', { locale: 'en-US' })).toBe('< $0.01')
    expect(formatFiatValue({ units: 0n, scale: 0 }, 'usd', { locale: 'en-US' })).toBe('$0.00')
  })

  test('behavior: a code that is not an ISO currency (btc) keeps 8 digits', () => {
    expect(formatFiatValue({ units: 123456789n, scale: 12 }, 'btc', { locale: 'en-US' })).toBe(
      'BTC\u00a00.00012346',
    )
  })

  test('behavior: no price reads "unavailable"', () => {
    expect(formatFiatValue(null, 'usd')).toBe('unavailable')
  })
})
