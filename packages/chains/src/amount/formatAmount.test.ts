import { describe, expect, test } from 'vitest'
import { formatAmount } from './formatAmount.js'
import { parseAmount } from './parseAmount.js'

const MAX = 2n ** 256n - 1n

describe('formatAmount', () => {
  test('behavior: the shortest decimal, without trailing zeros or a bare point', () => {
    expect(formatAmount({ value: 1_500_000n, decimals: 6 })).toBe('1.5')
    expect(formatAmount({ value: 25_000_000n, decimals: 6 })).toBe('25')
    expect(formatAmount({ value: 1n, decimals: 18 })).toBe('0.000000000000000001')
    expect(formatAmount({ value: 1_000_000_000_000n, decimals: 10 })).toBe('100')
    expect(formatAmount({ value: 42n, decimals: 0 })).toBe('42')
  })

  test('behavior: zero is "0" with any decimals', () => {
    expect(formatAmount({ value: 0n, decimals: 0 })).toBe('0')
    expect(formatAmount({ value: 0n, decimals: 18 })).toBe('0')
    expect(formatAmount({ value: 0n, decimals: 18, maxFractionDigits: 0 })).toBe('0')
  })

  test('behavior: maxFractionDigits cuts, never rounds up', () => {
    expect(formatAmount({ value: 9_499_978_999_999_999_999n, decimals: 18, maxFractionDigits: 6 })).toBe(
      '9.499978',
    )
    expect(formatAmount({ value: 1_999_999n, decimals: 6, maxFractionDigits: 2 })).toBe('1.99')
    expect(formatAmount({ value: 1_000_001n, decimals: 6, maxFractionDigits: 4 })).toBe('1')
    expect(formatAmount({ value: 1n, decimals: 18, maxFractionDigits: 6 })).toBe('0')
    expect(formatAmount({ value: 1_500_000n, decimals: 6, maxFractionDigits: 0 })).toBe('1')
  })

  test('behavior: 2^256 - 1 is written in full', () => {
    const digits = MAX.toString()
    expect(formatAmount({ value: MAX, decimals: 0 })).toBe(digits)
    expect(formatAmount({ value: MAX, decimals: 18 })).toBe(`${digits.slice(0, -18)}.${digits.slice(-18)}`)
  })

  test('behavior: parseAmount reads back what formatAmount writes', () => {
    for (const [value, decimals] of [
      [0n, 6],
      [1n, 18],
      [123_456_789n, 4],
      [MAX, 18],
      [10n ** 30n, 10],
    ] as const)
      expect(parseAmount({ amount: formatAmount({ value, decimals }), decimals })).toBe(value)
  })

  test('error: a negative value, bad decimals or bad maxFractionDigits are the caller’s mistakes', () => {
    expect(() => formatAmount({ value: -1n, decimals: 6 })).toThrow(RangeError)
    expect(() => formatAmount({ value: 1n, decimals: -1 })).toThrow(RangeError)
    expect(() => formatAmount({ value: 1n, decimals: 6, maxFractionDigits: 1.5 })).toThrow(RangeError)
    expect(() => formatAmount({ value: 1 as unknown as bigint, decimals: 6 })).toThrow(RangeError)
  })
})
