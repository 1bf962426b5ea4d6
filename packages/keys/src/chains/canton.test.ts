import { createHash } from 'node:crypto'
import { hexToBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import {
  cantonFingerprint,
  cantonPartyId,
  isValidPartyHint,
  PARTY_HINT_PATTERN,
  sanitizePartyHint,
} from './canton.js'

const publicKey = hexToBytes('d80f86404d93ab50d979727fea5e568310f7c603cae6de9d52c9d0351f3f7ab8')

describe('cantonFingerprint', () => {
  test('behavior: "1220" + sha256(u32be(12) || key), as node:crypto computes it', () => {
    const digest = createHash('sha256')
      .update(Buffer.from([0, 0, 0, 12]))
      .update(publicKey)
      .digest('hex')
    expect(cantonFingerprint(publicKey)).toBe(`1220${digest}`)
    expect(cantonFingerprint(publicKey)).toBe(
      '1220542b29aa6e0ab94ff893c1adcb1c2585d0bd493034c66d8f8a33419f28e9c975',
    )
  })

  test('error: a non-32-byte key or a hex string throws INVALID_ARGUMENT', () => {
    expect(() => cantonFingerprint(new Uint8Array(33))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => cantonFingerprint('d80f' as unknown as Uint8Array)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})

/** Fingerprint of `publicKey` (the "abandon … about" account 0 key, see deriveAddresses.test.ts). */
const FINGERPRINT = '1220542b29aa6e0ab94ff893c1adcb1c2585d0bd493034c66d8f8a33419f28e9c975'

describe('cantonPartyId', () => {
  test('behavior: hint::fingerprint, for the fingerprint cantonFingerprint derives', () => {
    expect(cantonFingerprint(publicKey)).toBe(FINGERPRINT)
    expect(cantonPartyId('stratos', FINGERPRINT)).toBe(`stratos::${FINGERPRINT}`)
    expect(cantonPartyId('ada-lovelace', FINGERPRINT)).toBe(`ada-lovelace::${FINGERPRINT}`)
  })

  test('behavior: hints of 1 to 185 letters, digits, _ and - are accepted as they are', () => {
    for (const hint of ['a', 'Z', '0', '-', '_', 'alice-1_X', 'user_01', 'x'.repeat(185)])
      expect(cantonPartyId(hint, FINGERPRINT)).toBe(`${hint}::${FINGERPRINT}`)
  })

  test('error: a hint Canton refuses (::, empty, 186 characters, non-ASCII) -> INVALID_ARGUMENT naming the hint', () => {
    for (const hint of ['a::b', '::', '', 'x'.repeat(186), 'é', 'zoë', '日本'])
      expect(() => cantonPartyId(hint, FINGERPRINT), hint).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^hint: /) }),
      )
  })

  test('error: a hint Canton accepts but the wallet does not (:, space, other punctuation) -> INVALID_ARGUMENT', () => {
    for (const hint of ['a:b', 'a:', 'a b', ' a', 'a.b', 'a@b', 'a/b', 'a\nb', 'a\tb'])
      expect(() => cantonPartyId(hint, FINGERPRINT), hint).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^hint: /) }),
      )
    expect(() => cantonPartyId(7 as unknown as string, FINGERPRINT)).toThrow(/hint: .*got number/)
  })

  test('error: a fingerprint that is not "1220" + 64 lowercase hex -> INVALID_ARGUMENT naming the fingerprint', () => {
    const digest = FINGERPRINT.slice(4)
    for (const fingerprint of [
      digest, // the bare SHA-256, without the multihash prefix
      `1221${digest}`,
      `1220${digest.toUpperCase()}`,
      `1220${digest.slice(1)}`,
      `${FINGERPRINT}0`,
      `${FINGERPRINT} `,
      '',
    ])
      expect(() => cantonPartyId('stratos', fingerprint), fingerprint).toThrow(
        expect.objectContaining({
          code: 'INVALID_ARGUMENT',
          message: expect.stringMatching(/^fingerprint: /),
        }),
      )
  })
})

describe('isValidPartyHint', () => {
  test('behavior: true exactly for PARTY_HINT_PATTERN (strings only)', () => {
    expect(PARTY_HINT_PATTERN.source).toBe('^[A-Za-z0-9_-]{1,185}$')
    for (const hint of ['stratos', 'a-b_c', 'x'.repeat(185)]) expect(isValidPartyHint(hint)).toBe(true)
    for (const hint of ['', 'a b', 'a:b', 'a::b', 'x'.repeat(186), 'é', 1, null, undefined])
      expect(isValidPartyHint(hint)).toBe(false)
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
    for (const text of ['', '—', 'a'.repeat(500), 'ä ö ü', 'x::y::z', 'a : b', ' '])
      expect(isValidPartyHint(sanitizePartyHint(text)), text).toBe(true)
  })

  test('error: maxLength outside 1..185 or an invalid fallback -> INVALID_ARGUMENT naming it', () => {
    for (const maxLength of [0, 186, 1.5])
      expect(() => sanitizePartyHint('a', { maxLength })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^maxLength: /) }),
      )
    expect(() => sanitizePartyHint('a', { fallback: 'a b' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: 'fallback: "a b" is not a valid party hint',
      }),
    )
  })
})
