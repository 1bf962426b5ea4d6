import { describe, expect, test } from 'vitest'
import { base64ToBytes, bytesToBase64 } from './encoding.js'

// RFC 4648 §10 test vectors.
const VECTORS: [string, string][] = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
]

describe('bytesToBase64', () => {
  test('behavior: RFC 4648 §10 vectors, padded', () => {
    for (const [text, encoded] of VECTORS) expect(bytesToBase64(new TextEncoder().encode(text))).toBe(encoded)
  })

  test('behavior: the standard alphabet (+ and /), and large inputs', () => {
    expect(bytesToBase64(Uint8Array.of(0xfb, 0xff))).toBe('+/8=')
    // Bigger than a prepared transaction gets, and than String.fromCharCode(...bytes) can spread.
    const big = new Uint8Array(1 << 18).map((_, i) => i % 251)
    const decoded = base64ToBytes(bytesToBase64(big), 'big')
    expect(decoded.length).toBe(big.length)
    expect(decoded.every((byte, i) => byte === big[i])).toBe(true)
  })
})

describe('base64ToBytes', () => {
  test('behavior: RFC 4648 §10 vectors', () => {
    for (const [text, encoded] of VECTORS)
      expect(new TextDecoder().decode(base64ToBytes(encoded, 'value'))).toBe(text)
  })

  test.each([
    ['base64url', '-_8='],
    ['missing padding', 'Zg'],
    ['extra padding', 'Zm9v===='],
    ['whitespace', 'Zm9v\nYmFy'],
    ['non-zero padding bits', 'Zh=='],
    ['not base64 at all', 'hello!'],
  ])('error: %s is refused with the field name', (_, value) => {
    expect(() => base64ToBytes(value, 'multiHash')).toThrow(
      expect.objectContaining({
        name: 'CantonError',
        code: 'INVALID_ARGUMENT',
        message: `multiHash: expected standard base64, got a string of ${value.length} characters`,
      }),
    )
  })

  test('error: a non-string is refused with its type and the caller’s code', () => {
    expect(() => base64ToBytes(42, 'hash', 'LEDGER_BAD_RESPONSE')).toThrow(
      expect.objectContaining({
        code: 'LEDGER_BAD_RESPONSE',
        message: 'hash: expected standard base64, got number',
      }),
    )
  })
})
