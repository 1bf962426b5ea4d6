import { describe, expect, test } from 'vitest'
import { formatAmount, sameAmount } from './formatAmount'

describe('formatAmount', () => {
  test('behavior: drops trailing zeros and a bare point', () => {
    expect(formatAmount('100.0000000000')).toBe('100')
    expect(formatAmount('2.5000000000')).toBe('2.5')
    expect(formatAmount('25')).toBe('25')
    expect(formatAmount('0.0000000001')).toBe('0.0000000001')
  })

  test('error: not a Daml decimal', () => {
    expect(() => formatAmount('0.00000000001')).toThrow(expect.objectContaining({ code: 'AMOUNT_PRECISION' }))
    expect(() => formatAmount('-5')).toThrow('The amount cannot be negative.')
  })
})

describe('sameAmount', () => {
  test('behavior: equal decimals in different spellings match, others do not', () => {
    expect(sameAmount('25', '25.0000000000')).toBe(true)
    expect(sameAmount('025.50', '25.5')).toBe(true)
    expect(sameAmount('25', '250')).toBe(false)
    expect(sameAmount('2.5', '25')).toBe(false)
  })

  test('behavior: an amount that is not a Daml decimal equals nothing, not even itself', () => {
    expect(sameAmount('1e3', '1e3')).toBe(false)
    expect(sameAmount('0.00000000001', '0.00000000001')).toBe(false)
    expect(sameAmount('', '0')).toBe(false)
  })
})
