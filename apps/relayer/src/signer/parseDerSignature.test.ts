import { describe, expect, test } from 'vitest'
import { SignerError } from '../errors.js'
import { parseDerSignature } from './parseDerSignature.js'
import { SECP256K1_N, toLowS } from './secp256k1.js'

const der = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'))
const int = (hex: string) => `02${(hex.length / 2).toString(16).padStart(2, '0')}${hex}`
const seq = (...parts: string[]) => {
  const body = parts.join('')
  return `30${(body.length / 2).toString(16).padStart(2, '0')}${body}`
}

// DER rules: X.690 §8.3 (INTEGER, two's complement, minimal), RFC 3279 §2.2.3 (Ecdsa-Sig-Value).
describe('parseDerSignature', () => {
  test('behavior: reads full 32-byte r and s', () => {
    const r = '11'.repeat(32)
    const s = '22'.repeat(32)
    expect(parseDerSignature(der(seq(int(r), int(s))))).toEqual({ r: BigInt(`0x${r}`), s: BigInt(`0x${s}`) })
  })

  test('behavior: a leading zero byte that keeps a high-bit integer positive is dropped', () => {
    const r = `80${'00'.repeat(31)}`
    const s = `ff${'01'.repeat(31)}`
    const parsed = parseDerSignature(der(seq(int(`00${r}`), int(`00${s}`))))
    expect(parsed).toEqual({ r: BigInt(`0x${r}`), s: BigInt(`0x${s}`) })
  })

  test('behavior: short r and s (fewer than 32 bytes) are read as the small numbers they are', () => {
    expect(parseDerSignature(der(seq(int('01'), int('7f'))))).toEqual({ r: 1n, s: 0x7fn })
    expect(parseDerSignature(der(seq(int('00ff'), int('1234'))))).toEqual({ r: 0xffn, s: 0x1234n })
  })

  test('behavior: a high s is returned as signed; toLowS gives n - s', () => {
    const high = SECP256K1_N - 5n
    const parsed = parseDerSignature(der(seq(int('01'), int(`00${high.toString(16)}`))))
    expect(parsed.s).toBe(high)
    expect(toLowS(parsed.s)).toBe(5n)
    expect(toLowS(5n)).toBe(5n)
  })

  test.each([
    ['empty', ''],
    ['not a SEQUENCE', '3106020101020101'],
    ['truncated', '30450220dead'],
    ['length longer than the bytes', '3008020101020101'],
    ['trailing bytes', '300602010102010100'],
    ['unneeded leading zero', seq(int('0001'), int('01'))],
    ['negative r', seq(int('80'), int('01'))],
    ['r = 0', seq(int('00'), int('01'))],
    ['s >= n', seq(int('01'), int(`00${SECP256K1_N.toString(16)}`))],
    ['a third integer', seq(int('01'), int('01'), int('01'))],
  ])('error: %s is refused with INVALID_DER_SIGNATURE', (_, hex) => {
    let error: unknown
    try {
      parseDerSignature(der(hex))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(SignerError)
    expect(error).toMatchObject({ code: 'INVALID_DER_SIGNATURE' })
    expect((error as SignerError).shortMessage).toMatch(/DER|empty/)
  })
})
