import { describe, expect, test } from 'vitest'
import { cantonPartyHint } from './cantonPartyHint'

describe('cantonPartyHint', () => {
  test('behavior: display name becomes a lowercase dash slug', () => {
    expect(cantonPartyHint('Ada Lovelace')).toBe('ada-lovelace')
    expect(cantonPartyHint('  Bob 2  ')).toBe('bob-2')
    expect(cantonPartyHint('Zoë Müller')).toBe('zoe-muller')
  })

  test('behavior: nothing usable falls back to stratos', () => {
    expect(cantonPartyHint('')).toBe('stratos')
    expect(cantonPartyHint('日本')).toBe('stratos')
  })

  test('behavior: at most 32 characters, no trailing dash', () => {
    const hint = cantonPartyHint(`${'a'.repeat(31)} b`)
    expect(hint.length).toBeLessThanOrEqual(32)
    expect(hint.endsWith('-')).toBe(false)
  })
})
