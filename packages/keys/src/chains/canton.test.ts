import { createHash } from 'node:crypto'
import { hexToBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { cantonFingerprint, cantonPartyId } from './canton.js'

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

describe('cantonPartyId', () => {
  test('behavior: hint::fingerprint', () => {
    expect(cantonPartyId('stratos', cantonFingerprint(publicKey))).toBe(
      `stratos::${cantonFingerprint(publicKey)}`,
    )
  })

  test('error: a hint with "::" or a malformed fingerprint throws', () => {
    expect(() => cantonPartyId('a::b', cantonFingerprint(publicKey))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => cantonPartyId('stratos', 'abcd')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
