import { secp256k1 } from '@noble/curves/secp256k1.js'
import { describe, expect, test } from 'vitest'
import { tronAddressFromPublicKey } from './tron.js'

const keys = Array.from({ length: 8 }, () => secp256k1.utils.randomSecretKey())

describe('tronAddressFromPublicKey', () => {
  test('behavior: a T… base58check address', () => {
    expect(tronAddressFromPublicKey(secp256k1.getPublicKey(keys[0]!, true))).toMatch(
      /^T[1-9A-HJ-NP-Za-km-z]{33}$/,
    )
  })

  test('error: a string throws INVALID_ARGUMENT', () => {
    expect(() => tronAddressFromPublicKey('02ab' as unknown as Uint8Array)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
