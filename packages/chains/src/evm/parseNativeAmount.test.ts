import { describe, expect, test } from 'vitest'
import { parseNativeAmount } from './parseNativeAmount.js'

describe('parseNativeAmount', () => {
  test('behavior: decimal ether amounts become wei', () => {
    expect(parseNativeAmount({ amount: '0.5' })).toBe(500_000_000_000_000_000n)
    expect(parseNativeAmount({ amount: ' 1 ' })).toBe(10n ** 18n)
    expect(parseNativeAmount({ amount: '.25' })).toBe(250_000_000_000_000_000n)
    expect(parseNativeAmount({ amount: '0.000000000000000001' })).toBe(1n)
    expect(parseNativeAmount({ amount: '2', decimals: 6 })).toBe(2_000_000n)
  })

  test.each(['', 'abc', '-1', '1e3', '0x10', '1,5', '1.2.3'])('error: %j is not an amount', (amount) => {
    expect(() => parseNativeAmount({ amount })).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }))
  })

  test('error: zero is refused', () => {
    expect(() => parseNativeAmount({ amount: '0.0' })).toThrow(/more than zero/)
  })

  test('error: more fraction digits than the coin has is refused, not rounded', () => {
    expect(() => parseNativeAmount({ amount: '0.0000000000000000001' })).toThrow(/18 digits/)
  })

  test('behavior: trailing zeros past the coin’s decimals carry no precision', () => {
    expect(parseNativeAmount({ amount: '1.0000000000000000000' })).toBe(10n ** 18n)
  })
})
