import { describe, expect, test } from 'vitest'
import { checkLocalTokenSpecs } from './localTokenSpecs.js'

describe('checkLocalTokenSpecs', () => {
  test('behavior: distinct symbols with whole decimals from 0 to 255 pass as given', () => {
    const tokens = [
      { symbol: 'USDC', decimals: 6 },
      { symbol: 'DAI', decimals: 18 },
      { symbol: 'ZERO', decimals: 0 },
    ]
    expect(checkLocalTokenSpecs(tokens, 'here')).toBe(tokens)
    expect(checkLocalTokenSpecs([], 'here')).toEqual([])
  })

  test('error: a symbol twice (whatever its case), an empty symbol, or decimals out of a uint8', () => {
    expect(() =>
      checkLocalTokenSpecs(
        [
          { symbol: 'usdc', decimals: 6 },
          { symbol: 'USDC', decimals: 6 },
        ],
        'startX',
      ),
    ).toThrow('startX: two tokens are called USDC; give each its own symbol')
    expect(() => checkLocalTokenSpecs([{ symbol: ' ', decimals: 6 }], 'startX')).toThrow(
      /tokens\[0\] has no symbol/,
    )
    expect(() => checkLocalTokenSpecs([{ symbol: 'A', decimals: 256 }], 'startX')).toThrow(
      /A has 256 decimals/,
    )
    expect(() => checkLocalTokenSpecs([{ symbol: 'A', decimals: 1.5 }], 'startX')).toThrow(/whole number/)
  })
})
