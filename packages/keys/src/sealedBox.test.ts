import { x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { base64urlnopad } from '@scure/base'
import { describe, expect, test } from 'vitest'
import { openBox, sealBox } from './sealedBox.js'

const recipient = x25519.keygen()
const message = new TextEncoder().encode('a share of 33 bytes, more or less')

describe('sealBox', () => {
  test('behavior: X25519 + HKDF-SHA256(salt epk || rpk, info "stratos-vault/sealed-box/v1") + AES-256-GCM with the context as AAD (decryptable by plain Web Crypto)', async () => {
    const box = await sealBox(message, recipient.publicKey, 'ctx')
    const epk = base64urlnopad.decode(box.ephemeralPublicKey)
    expect(epk).toHaveLength(32)
    expect(base64urlnopad.decode(box.iv)).toHaveLength(12)
    expect(base64urlnopad.decode(box.ciphertext)).toHaveLength(message.length + 16)
    const shared = x25519.getSharedSecret(recipient.secretKey, epk)
    const key = hkdf(
      sha256,
      shared,
      new Uint8Array([...epk, ...recipient.publicKey]),
      new TextEncoder().encode('stratos-vault/sealed-box/v1'),
      32,
    )
    const aes = await crypto.subtle.importKey('raw', new Uint8Array(key), 'AES-GCM', false, ['decrypt'])
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: new Uint8Array(base64urlnopad.decode(box.iv)),
        additionalData: new TextEncoder().encode('ctx'),
      },
      aes,
      new Uint8Array(base64urlnopad.decode(box.ciphertext)),
    )
    expect(new Uint8Array(plain)).toEqual(message)
  })

  test('behavior: a fresh ephemeral key and IV every time', async () => {
    const a = await sealBox(message, recipient.publicKey, 'ctx')
    const b = await sealBox(message, recipient.publicKey, 'ctx')
    expect(a.ephemeralPublicKey).not.toBe(b.ephemeralPublicKey)
    expect(a.iv).not.toBe(b.iv)
  })

  test('error: a low-order or wrong-length recipient key is INVALID_ARGUMENT', async () => {
    await expect(sealBox(message, new Uint8Array(32), 'ctx')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
    await expect(sealBox(message, new Uint8Array(31), 'ctx')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
  })
})

describe('openBox', () => {
  test('behavior: round trip', async () => {
    const box = await sealBox(message, recipient.publicKey, 'ctx')
    expect(await openBox(box, recipient.secretKey, 'ctx')).toEqual(message)
  })

  test('error: wrong key, wrong context or any flipped byte is UNSEAL_FAILED', async () => {
    const box = await sealBox(message, recipient.publicKey, 'ctx')
    await expect(openBox(box, x25519.utils.randomSecretKey(), 'ctx')).rejects.toMatchObject({
      code: 'UNSEAL_FAILED',
    })
    await expect(openBox(box, recipient.secretKey, 'ctx2')).rejects.toMatchObject({ code: 'UNSEAL_FAILED' })
    const flip = (s: string, at: number) => {
      const bytes = base64urlnopad.decode(s)
      bytes[at]! ^= 1
      return base64urlnopad.encode(bytes)
    }
    for (const tampered of [
      { ...box, ciphertext: flip(box.ciphertext, 0) },
      { ...box, iv: flip(box.iv, 0) },
      { ...box, ephemeralPublicKey: flip(box.ephemeralPublicKey, 5) },
    ])
      await expect(openBox(tampered, recipient.secretKey, 'ctx')).rejects.toMatchObject({
        code: 'UNSEAL_FAILED',
      })
  })

  test('error: malformed boxes are INVALID_ARGUMENT naming the field', async () => {
    const box = await sealBox(message, recipient.publicKey, 'ctx')
    await expect(openBox({ ...box, iv: 'AAAA' }, recipient.secretKey, 'ctx')).rejects.toThrow(
      /box\.iv: expected 12 bytes/,
    )
    await expect(openBox({ ...box, ephemeralPublicKey: '' }, recipient.secretKey, 'ctx')).rejects.toThrow(
      /box\.ephemeralPublicKey/,
    )
    await expect(openBox(null as never, recipient.secretKey, 'ctx')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
  })
})
