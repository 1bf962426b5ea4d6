import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { privateKeyToAddress } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { evmAddressFromPublicKey } from './evm.js'

const keys = Array.from({ length: 8 }, () => secp256k1.utils.randomSecretKey())

describe('evmAddressFromPublicKey', () => {
  test('behavior: equals viem privateKeyToAddress for compressed and uncompressed keys', () => {
    for (const key of keys) {
      const expected = privateKeyToAddress(`0x${bytesToHex(key)}`)
      expect(evmAddressFromPublicKey(secp256k1.getPublicKey(key, true))).toBe(expected)
      expect(evmAddressFromPublicKey(secp256k1.getPublicKey(key, false))).toBe(expected)
    }
  })

  test('error: wrong length throws INVALID_ARGUMENT', () => {
    expect(() => evmAddressFromPublicKey(new Uint8Array(32))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
