import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { HDKey } from '@scure/bip32'
import { describe, expect, test } from 'vitest'
import { withEd25519Key, withSecp256k1Key } from './hdKey.js'
import bip32 from './vectors/bip32.json' with { type: 'json' }
import slip10 from './vectors/slip10-ed25519.json' with { type: 'json' }

describe('withSecp256k1Key: BIP-32 test vectors 1-4', () => {
  test.each(bip32.valid.map((v) => [v.vector, v.path, v] as const))(
    'behavior: vector %i %s',
    (_, path, v) => {
      const expected = HDKey.fromExtendedKey(v.xprv)
      expect(HDKey.fromExtendedKey(v.xpub).publicKey).toEqual(expected.publicKey)
      withSecp256k1Key(hexToBytes(v.seed), path, (key) => {
        expect(bytesToHex(key.privateKey)).toBe(bytesToHex(expected.privateKey!))
        expect(bytesToHex(key.publicKey)).toBe(bytesToHex(expected.publicKey!))
      })
    },
  )

  test('behavior: the private key handed to the callback is zeroed after it returns, and after a throw', () => {
    let seen: Uint8Array | undefined
    withSecp256k1Key(new Uint8Array(32).fill(7), "m/44'/60'/0'/0/0", (key) => {
      seen = key.privateKey
      expect(seen.some((b) => b !== 0)).toBe(true)
    })
    expect(seen!.every((b) => b === 0)).toBe(true)
    expect(() =>
      withSecp256k1Key(new Uint8Array(32).fill(7), 'm/0', (key) => {
        seen = key.privateKey
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(seen!.every((b) => b === 0)).toBe(true)
  })

  test('error: malformed path or seed throws KeysError', () => {
    expect(() => withSecp256k1Key(new Uint8Array(32), "m/44'/x", () => 0)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => withSecp256k1Key(new Uint8Array(32), 'm/2147483648', () => 0)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => withSecp256k1Key(new Uint8Array(8), 'm', () => 0)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})

describe('BIP-32 test vector 5 (invalid extended keys are rejected by @scure/bip32)', () => {
  test.each(bip32.invalid.map((v) => [v.reason, v.key]))('error: %s', (_, key) => {
    expect(() => HDKey.fromExtendedKey(key)).toThrow()
  })
})

describe('withEd25519Key: SLIP-10 ed25519 test vectors 1-2', () => {
  const cases = slip10.vectors.flatMap((v) => v.chains.map((c) => [v.vector, c.path, v.seed, c] as const))
  test.each(cases)('behavior: vector %i %s', (_, path, seed, c) => {
    withEd25519Key(hexToBytes(seed), path.replace(/H/g, "'"), (key) => {
      expect(bytesToHex(key.privateKey)).toBe(c.privateKey)
      expect(`00${bytesToHex(key.publicKey)}`).toBe(c.publicKey)
    })
  })

  test('behavior: the private key is zeroed after the callback', () => {
    let seen: Uint8Array | undefined
    withEd25519Key(new Uint8Array(32).fill(9), "m/44'/501'/0'/0'", (key) => {
      seen = key.privateKey
    })
    expect(seen!.every((b) => b === 0)).toBe(true)
  })

  test('error: a non-hardened level throws (SLIP-10 ed25519 is hardened-only)', () => {
    expect(() => withEd25519Key(new Uint8Array(32), "m/44'/501'/0'/0", () => 0)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
