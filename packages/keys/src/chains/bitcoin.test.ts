import { secp256k1 } from '@noble/curves/secp256k1.js'
import { p2wpkh, TEST_NETWORK } from '@scure/btc-signer'
import { describe, expect, test } from 'vitest'
import { bitcoinAddressFromPublicKey } from './bitcoin.js'

const keys = Array.from({ length: 8 }, () => secp256k1.utils.randomSecretKey())

describe('bitcoinAddressFromPublicKey', () => {
  test('behavior: equals @scure/btc-signer p2wpkh on mainnet, testnet and regtest', () => {
    for (const key of keys) {
      const pub = secp256k1.getPublicKey(key, true)
      expect(bitcoinAddressFromPublicKey(pub)).toBe(p2wpkh(pub).address)
      expect(bitcoinAddressFromPublicKey(pub, 'testnet')).toBe(p2wpkh(pub, TEST_NETWORK).address)
      expect(bitcoinAddressFromPublicKey(pub, 'regtest')).toBe(
        p2wpkh(pub, { ...TEST_NETWORK, bech32: 'bcrt' }).address,
      )
    }
  })

  test('error: an uncompressed key throws (P2WPKH requires compressed keys, BIP-143)', () => {
    expect(() => bitcoinAddressFromPublicKey(secp256k1.getPublicKey(keys[0]!, false))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
