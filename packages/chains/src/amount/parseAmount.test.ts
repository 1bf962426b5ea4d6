import { describe, expect, test } from 'vitest'
import { parseAmount } from './parseAmount.js'

const MAX = 2n ** 256n - 1n

describe('parseAmount', () => {
  test('behavior: decimals become base units exactly', () => {
    expect(parseAmount({ amount: '0.5', decimals: 18 })).toBe(500_000_000_000_000_000n)
    expect(parseAmount({ amount: '25', decimals: 6 })).toBe(25_000_000n)
    expect(parseAmount({ amount: '0.000001', decimals: 6 })).toBe(1n)
    expect(parseAmount({ amount: '7', decimals: 0 })).toBe(7n)
  })

  test('behavior: zero in every spelling is 0', () => {
    for (const amount of ['0', '0.0', '000', '.0', '0.', '0.0000000000'])
      expect(parseAmount({ amount, decimals: 10 })).toBe(0n)
  })

  test('behavior: leading zeros, a leading or trailing point and surrounding spaces are fine', () => {
    expect(parseAmount({ amount: '007.5', decimals: 2 })).toBe(750n)
    expect(parseAmount({ amount: '.25', decimals: 2 })).toBe(25n)
    expect(parseAmount({ amount: '5.', decimals: 2 })).toBe(500n)
    expect(parseAmount({ amount: ' \t1.5\n', decimals: 1 })).toBe(15n)
  })

  test('behavior: exactly `decimals` digits, and trailing zeros past them, are accepted', () => {
    expect(parseAmount({ amount: '0.000000000000000001', decimals: 18 })).toBe(1n)
    expect(parseAmount({ amount: '1.5000000000', decimals: 6 })).toBe(1_500_000n)
    expect(parseAmount({ amount: '100.0000000000', decimals: 0 })).toBe(100n)
  })

  test('behavior: 2^256 - 1 base units is the largest amount', () => {
    expect(parseAmount({ amount: MAX.toString(), decimals: 0 })).toBe(MAX)
    const digits = MAX.toString()
    expect(parseAmount({ amount: `${digits.slice(0, -18)}.${digits.slice(-18)}`, decimals: 18 })).toBe(MAX)
    expect(() => parseAmount({ amount: (MAX + 1n).toString(), decimals: 0 })).toThrow(
      'The amount is too large.',
    )
    expect(() => parseAmount({ amount: '1'.padEnd(201, '0'), decimals: 0 })).toThrow('too long')
  })

  test('error: a non-zero digit past `decimals` is refused, never rounded', () => {
    expect(() => parseAmount({ amount: '0.0000000000000000001', decimals: 18 })).toThrow(
      'At most 18 digits after the decimal point: this amount has 19.',
    )
    expect(() => parseAmount({ amount: '1.0000001', decimals: 6 })).toThrow(/At most 6 digits/)
    expect(() => parseAmount({ amount: '1.5', decimals: 0 })).toThrow(
      'Enter a whole number: this asset has no decimals.',
    )
    expect(() => parseAmount({ amount: '1.0000001', decimals: 6 })).toThrow(
      expect.objectContaining({ name: 'ChainsError', code: 'AMOUNT_PRECISION' }),
    )
  })

  test.each([
    ['', 'Enter an amount, like 25 or 0.5.'],
    ['   ', 'Enter an amount, like 25 or 0.5.'],
    ['.', 'The amount must be a number, like 25 or 0.5.'],
    ['-1', 'The amount cannot be negative.'],
    ['-0.5', 'The amount cannot be negative.'],
    ['+1', 'Write the amount without a sign, like 25 or 0.5.'],
    ['1e3', 'Write the amount without an exponent, like 1000 rather than 1e3.'],
    ['2.5E-3', 'Write the amount without an exponent, like 1000 rather than 1e3.'],
    ['1 000', 'The amount cannot contain spaces.'],
    ['1,5', 'Use a point as the decimal separator and no thousands separator, like 1234.5.'],
    ['1,000.25', 'Use a point as the decimal separator and no thousands separator, like 1234.5.'],
    ['1.2.3', 'The amount has more than one decimal point.'],
    ['0x10', 'The amount must be a number, like 25 or 0.5.'],
    ['abc', 'The amount must be a number, like 25 or 0.5.'],
    ['Infinity', 'The amount must be a number, like 25 or 0.5.'],
    ['٣', 'The amount must be a number, like 25 or 0.5.'],
  ])('error: %j is refused: %s', (amount, message) => {
    expect(() => parseAmount({ amount, decimals: 18 })).toThrow(
      expect.objectContaining({ name: 'ChainsError', code: 'INVALID_AMOUNT', shortMessage: message }),
    )
  })

  test('error: a non-string amount and bad decimals are the caller’s mistakes', () => {
    expect(() => parseAmount({ amount: 5 as unknown as string, decimals: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT', details: 'got number' }),
    )
    for (const decimals of [-1, 1.5, 256, Number.NaN])
      expect(() => parseAmount({ amount: '1', decimals })).toThrow(RangeError)
  })
})
