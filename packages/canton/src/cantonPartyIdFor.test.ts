import { describe, expect, test } from 'vitest'
import { cantonPartyIdFor, isValidPartyHint, sanitizePartyHint } from './cantonPartyIdFor.js'

const fp = `1220${'ab'.repeat(32)}`

describe('cantonPartyIdFor', () => {
  test('behavior: hint::fingerprint', () => {
    expect(cantonPartyIdFor('alice-1_x', fp)).toBe(`alice-1_x::${fp}`)
  })

  test('error: a hint with ::, :, space or 186 characters, or a malformed fingerprint -> INVALID_ARGUMENT', () => {
    for (const hint of ['a::b', 'a:b', 'a b', '', 'x'.repeat(186), 'é'])
      expect(() => cantonPartyIdFor(hint, fp)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    for (const fingerprint of ['abcd', `1220${'AB'.repeat(32)}`, `1221${'ab'.repeat(32)}`])
      expect(() => cantonPartyIdFor('alice', fingerprint)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      )
  })
})

describe('sanitizePartyHint', () => {
  test('behavior: strips accents, turns other runs into one dash, trims, keeps case', () => {
    expect(sanitizePartyHint('Zoë Müller-Lüdenscheidt')).toBe('Zoe-Muller-Ludenscheidt')
    expect(sanitizePartyHint('  alice@example.com  ')).toBe('alice-example-com')
    expect(sanitizePartyHint('a::b')).toBe('a-b')
    expect(sanitizePartyHint('user_01')).toBe('user_01')
  })

  test('behavior: always returns a valid hint (cut to maxLength, fallback when nothing is left)', () => {
    expect(sanitizePartyHint('x'.repeat(300))).toHaveLength(64)
    expect(sanitizePartyHint('abc-def', { maxLength: 4 })).toBe('abc')
    expect(sanitizePartyHint('日本語')).toBe('party')
    expect(sanitizePartyHint('!!!', { fallback: 'wallet' })).toBe('wallet')
    for (const text of ['', '—', 'a'.repeat(500), 'ä ö ü', 'x::y::z'])
      expect(isValidPartyHint(sanitizePartyHint(text))).toBe(true)
  })

  test('error: maxLength outside 1..185 or an invalid fallback -> INVALID_ARGUMENT', () => {
    expect(() => sanitizePartyHint('a', { maxLength: 186 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => sanitizePartyHint('a', { fallback: 'a b' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
