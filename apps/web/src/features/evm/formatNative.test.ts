import { parseEther } from 'viem'
import { describe, expect, test } from 'vitest'
import { formatNative } from './formatNative'

describe('formatNative', () => {
  test('behavior: cuts (never rounds up) to 6 decimals and drops trailing zeros', () => {
    expect(formatNative(parseEther('10'))).toBe('10')
    expect(formatNative(parseEther('9.4999789999999'))).toBe('9.499978')
    expect(formatNative(parseEther('0.5'))).toBe('0.5')
    expect(formatNative(0n)).toBe('0')
  })

  test('behavior: more decimals on request', () => {
    expect(formatNative(42_000_000_000_000n, 9)).toBe('0.000042')
    expect(formatNative(1n, 18)).toBe('0.000000000000000001')
  })

  test('behavior: a non-zero amount too small to show is not shown as zero', () => {
    expect(formatNative(1n)).toBe('< 0.000001')
    expect(formatNative(10n ** 17n, 0)).toBe('< 1')
  })
})
