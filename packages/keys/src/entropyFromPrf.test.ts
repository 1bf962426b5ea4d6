import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { entropyToMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { describe, expect, test } from 'vitest'
import { deriveLocalKey, deriveWrapKey, entropyFromPrf, PRF_SALT } from './entropyFromPrf.js'
import { KeysError } from './KeysError.js'

/** A fixed PRF output: bytes 0x00..0x1f. */
const PRF = Uint8Array.from({ length: 32 }, (_, i) => i)

/** HKDF-SHA256 by Web Crypto: an implementation independent of @noble/hashes. */
async function webCryptoHkdf(prf: Uint8Array, info: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new Uint8Array(prf), 'HKDF', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8ToBytes('stratos-vault'), info: utf8ToBytes(info) },
    key,
    256,
  )
  return bytesToHex(new Uint8Array(bits))
}

describe('PRF_SALT', () => {
  test('behavior: is utf8 "stratos-vault/prf/v1"', () => {
    expect(new TextDecoder().decode(PRF_SALT)).toBe('stratos-vault/prf/v1')
  })
})

describe('entropyFromPrf', () => {
  test('behavior: HKDF-SHA256(P, "stratos-vault", "master-seed/v1") as Web Crypto computes it', async () => {
    expect(bytesToHex(entropyFromPrf(PRF))).toBe(await webCryptoHkdf(PRF, 'master-seed/v1'))
  })

  test('behavior: a fixed PRF gives pinned entropy and 24 words (changing this changes every address)', () => {
    const entropy = entropyFromPrf(PRF)
    expect(bytesToHex(entropy)).toBe('13e3b6708c2d7ac8b04080b387d532711d51b98925cf3fdd95429f7397c8e2fd')
    const words = entropyToMnemonic(entropy, wordlist)
    expect(words.split(' ')).toHaveLength(24)
    expect(words).toBe(
      'become buffalo order blue stumble gold scissors avoid receive dirt erode timber ' +
        'steak system cause rigid divert uncover expose discover defense tongue message parent',
    )
  })

  test('behavior: deterministic, and different PRF outputs give different entropy', () => {
    expect(entropyFromPrf(PRF)).toEqual(entropyFromPrf(PRF.slice()))
    expect(entropyFromPrf(hexToBytes('ff'.repeat(32)))).not.toEqual(entropyFromPrf(PRF))
  })

  test('error: wrong PRF length or type throws INVALID_PRF', () => {
    for (const bad of [new Uint8Array(31), new Uint8Array(33), new Uint8Array(0)]) {
      expect(() => entropyFromPrf(bad)).toThrow(KeysError)
      expect(() => entropyFromPrf(bad)).toThrow(expect.objectContaining({ code: 'INVALID_PRF' }))
    }
    expect(() => entropyFromPrf('00'.repeat(32) as unknown as Uint8Array)).toThrow(
      expect.objectContaining({ code: 'INVALID_PRF' }),
    )
    expect(() => entropyFromPrf(Array.from(PRF) as unknown as Uint8Array)).toThrow(KeysError)
  })
})

describe('deriveWrapKey', () => {
  test('behavior: HKDF(P, …, "wrap-key/v1"), 32 bytes, distinct from entropy', async () => {
    expect(bytesToHex(deriveWrapKey(PRF))).toBe(await webCryptoHkdf(PRF, 'wrap-key/v1'))
    expect(deriveWrapKey(PRF)).toHaveLength(32)
    expect(deriveWrapKey(PRF)).not.toEqual(entropyFromPrf(PRF))
  })

  test('error: wrong PRF length throws INVALID_PRF', () => {
    expect(() => deriveWrapKey(new Uint8Array(16))).toThrow(expect.objectContaining({ code: 'INVALID_PRF' }))
  })
})

describe('deriveLocalKey', () => {
  test('behavior: HKDF(P, …, "local-key/v1"), distinct from the wrap key', async () => {
    expect(bytesToHex(deriveLocalKey(PRF))).toBe(await webCryptoHkdf(PRF, 'local-key/v1'))
    expect(deriveLocalKey(PRF)).not.toEqual(deriveWrapKey(PRF))
  })

  test('error: wrong PRF type throws INVALID_PRF', () => {
    expect(() => deriveLocalKey(null as unknown as Uint8Array)).toThrow(
      expect.objectContaining({ code: 'INVALID_PRF' }),
    )
  })
})
