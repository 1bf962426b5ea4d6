import { cantonFingerprint } from '@stratos/keys'
import { describe, expect, test } from 'vitest'
import { publicKeyForTopology } from './publicKeyForTopology.js'

// Vector shared with @stratos/keys (chains/canton.test.ts): the same key, the same fingerprint.
const publicKeyHex = 'd80f86404d93ab50d979727fea5e568310f7c603cae6de9d52c9d0351f3f7ab8'

describe('publicKeyForTopology', () => {
  test('behavior: RAW Ed25519 key in the spec’s SigningPublicKey shape (proto enum names)', () => {
    const key = publicKeyForTopology(publicKeyHex)
    expect(key).toEqual({
      format: 'CRYPTO_KEY_FORMAT_RAW',
      keyData: btoa(
        String.fromCharCode(
          ...Uint8Array.from(publicKeyHex.match(/../g) ?? [], (h) => Number.parseInt(h, 16)),
        ),
      ),
      keySpec: 'SIGNING_KEY_SPEC_EC_CURVE25519',
    })
    expect(atob(key.keyData)).toHaveLength(32)
    expect(publicKeyForTopology(`0x${publicKeyHex.toUpperCase()}`)).toEqual(key)
  })

  test('error: not 32 bytes of hex -> INVALID_ARGUMENT', () => {
    for (const bad of ['abcd', `${publicKeyHex}00`, publicKeyHex.replace('d', 'g'), 42 as unknown as string])
      expect(() => publicKeyForTopology(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})

describe('cantonFingerprint (from @stratos/keys)', () => {
  test('behavior: same fingerprint as @stratos/keys cantonFingerprint for its test vector', () => {
    const key = Uint8Array.from(publicKeyHex.match(/../g) ?? [], (h) => Number.parseInt(h, 16))
    expect(cantonFingerprint(key)).toBe(
      '1220542b29aa6e0ab94ff893c1adcb1c2585d0bd493034c66d8f8a33419f28e9c975',
    )
  })
})
