import { base64urlnopad } from '@scure/base'
import { describe, expect, test } from 'vitest'
import { deriveWrapKey, entropyFromPrf } from './entropyFromPrf.js'
import { KeysError } from './KeysError.js'
import { unwrapEntropy, wrapEntropy } from './wrapEntropy.js'

const firstPrf = Uint8Array.from({ length: 32 }, (_, i) => i)
const backupPrf = Uint8Array.from({ length: 32 }, (_, i) => 255 - i)
const entropy = entropyFromPrf(firstPrf)
const wrapKey = deriveWrapKey(backupPrf)

describe('wrapEntropy', () => {
  test('behavior: base64url iv (12 bytes) and ciphertext (32 + 16-byte tag); fresh IV each time', async () => {
    const a = await wrapEntropy(entropy, wrapKey)
    const b = await wrapEntropy(entropy, wrapKey)
    expect(a.iv).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(base64urlnopad.decode(a.iv)).toHaveLength(12)
    expect(base64urlnopad.decode(a.ciphertext)).toHaveLength(48)
    expect(a.iv).not.toBe(b.iv)
    expect(a.ciphertext).not.toBe(b.ciphertext)
  })

  test('behavior: plain AES-256-GCM with AAD "stratos-vault/wrapped-entropy/v1" (decryptable by Web Crypto directly)', async () => {
    const wrapped = await wrapEntropy(entropy, wrapKey)
    const key = await crypto.subtle.importKey('raw', new Uint8Array(wrapKey), 'AES-GCM', false, ['decrypt'])
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: new Uint8Array(base64urlnopad.decode(wrapped.iv)),
        additionalData: new TextEncoder().encode('stratos-vault/wrapped-entropy/v1'),
      },
      key,
      new Uint8Array(base64urlnopad.decode(wrapped.ciphertext)),
    )
    expect(new Uint8Array(plain)).toEqual(entropy)
  })

  test('error: wrong entropy length or key length throws KeysError', async () => {
    await expect(wrapEntropy(new Uint8Array(15), wrapKey)).rejects.toMatchObject({ code: 'INVALID_ENTROPY' })
    await expect(wrapEntropy(entropy, new Uint8Array(16))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(wrapEntropy('x' as unknown as Uint8Array, wrapKey)).rejects.toBeInstanceOf(KeysError)
  })
})

describe('unwrapEntropy', () => {
  test('behavior: round trip gives the entropy back', async () => {
    const wrapped = await wrapEntropy(entropy, wrapKey)
    expect(await unwrapEntropy(wrapped, wrapKey)).toEqual(entropy)
  })

  test('behavior: accepts padded base64url too', async () => {
    const wrapped = await wrapEntropy(entropy, wrapKey)
    expect(
      await unwrapEntropy({ iv: `${wrapped.iv}=`, ciphertext: `${wrapped.ciphertext}==` }, wrapKey),
    ).toEqual(entropy)
  })

  test('error: wrong key throws UNWRAP_FAILED', async () => {
    const wrapped = await wrapEntropy(entropy, wrapKey)
    await expect(unwrapEntropy(wrapped, deriveWrapKey(firstPrf))).rejects.toMatchObject({
      code: 'UNWRAP_FAILED',
    })
  })

  test('error: tampered ciphertext, tag or IV throws UNWRAP_FAILED', async () => {
    const wrapped = await wrapEntropy(entropy, wrapKey)
    const flip = (s: string, at: number) => {
      const bytes = base64urlnopad.decode(s)
      bytes[at]! ^= 1
      return base64urlnopad.encode(bytes)
    }
    for (const tampered of [
      { ...wrapped, ciphertext: flip(wrapped.ciphertext, 0) },
      { ...wrapped, ciphertext: flip(wrapped.ciphertext, 47) },
      { ...wrapped, iv: flip(wrapped.iv, 3) },
    ])
      await expect(unwrapEntropy(tampered, wrapKey)).rejects.toMatchObject({ code: 'UNWRAP_FAILED' })
  })

  test('error: malformed input throws INVALID_ARGUMENT', async () => {
    await expect(unwrapEntropy(null as never, wrapKey)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(unwrapEntropy({ iv: '!!', ciphertext: 'AAAA' }, wrapKey)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
    await expect(unwrapEntropy({ iv: 'AAAA', ciphertext: 'AAAA' }, wrapKey)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
  })
})
