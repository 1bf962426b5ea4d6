import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { HDKey } from '@scure/bip32'
import { entropyToMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { describe, expect, test } from 'vitest'
import { seedFromEntropy } from './seedFromEntropy.js'
import vectors from './vectors/bip39.json' with { type: 'json' }

const english = vectors.english as [string, string, string, string][]

describe('BIP-39 reference vectors (trezor/python-mnemonic, passphrase TREZOR)', () => {
  test.each(english)('behavior: %s -> mnemonic, seed, root xprv', (entropy, mnemonic, seed, xprv) => {
    expect(entropyToMnemonic(hexToBytes(entropy), wordlist)).toBe(mnemonic)
    expect(validateMnemonic(mnemonic, wordlist)).toBe(true)
    expect(bytesToHex(mnemonicToSeedSync(mnemonic, vectors.passphrase))).toBe(seed)
    expect(HDKey.fromMasterSeed(hexToBytes(seed)).privateExtendedKey).toBe(xprv)
  })
})

describe('seedFromEntropy', () => {
  test.each(english)(
    'behavior: %s gives the BIP-39 seed of its mnemonic with no passphrase',
    (entropy, mnemonic) => {
      expect(bytesToHex(seedFromEntropy(hexToBytes(entropy)))).toBe(bytesToHex(mnemonicToSeedSync(mnemonic)))
    },
  )

  test('behavior: "abandon x11 about" seed (BIP-39, empty passphrase)', () => {
    expect(bytesToHex(seedFromEntropy(new Uint8Array(16)))).toBe(
      '5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4',
    )
  })

  test('error: entropy of a non-BIP-39 length throws INVALID_ENTROPY', () => {
    for (const n of [0, 15, 17, 33, 64])
      expect(() => seedFromEntropy(new Uint8Array(n))).toThrow(
        expect.objectContaining({ code: 'INVALID_ENTROPY' }),
      )
  })
})
