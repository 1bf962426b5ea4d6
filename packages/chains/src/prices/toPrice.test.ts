import { describe, expect, test } from 'vitest'
import { toPrice } from './toPrice.js'

describe('toPrice', () => {
  test('behavior: a JSON number becomes its shortest decimal, as the provider wrote it', () => {
    expect(toPrice(67187.3358936566)).toBe('67187.3358936566')
    expect(toPrice(1)).toBe('1')
    expect(toPrice(0)).toBe('0')
    expect(toPrice(0.999872)).toBe('0.999872')
  })

  test('behavior: numbers JavaScript prints with an exponent are written out in full', () => {
    expect(toPrice(1.23e-8)).toBe('0.0000000123')
    expect(toPrice(5e-7)).toBe('0.0000005')
    expect(toPrice(1e21)).toBe('1000000000000000000000')
    expect(toPrice(1.5e22)).toBe('15000000000000000000000')
  })

  test('error: anything but a finite number >= 0 is no price', () => {
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY, '1.5', null, undefined, {}])
      expect(toPrice(value)).toBeUndefined()
  })
})
