import { describe, expect, test } from 'vitest'
import { solanaAddressFromPublicKey } from './solana.js'

describe('solanaAddressFromPublicKey', () => {
  test('error: a 33-byte key throws INVALID_ARGUMENT', () => {
    expect(() => solanaAddressFromPublicKey(new Uint8Array(33))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})

describe('solanaAddressFromPublicKey: base58', () => {
  test('behavior: the all-zero key is the system program id', () => {
    expect(solanaAddressFromPublicKey(new Uint8Array(32))).toBe('11111111111111111111111111111111')
  })
})
