import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { cantonFingerprint } from '@stratos/keys'
import { describe, expect, test } from 'vitest'
import { cantonSignature, partySignature } from './partySignature.js'
import { signingPayload } from './signingPayload.js'

const secretKey = new Uint8Array(32).fill(3)
const publicKey = ed25519.getPublicKey(secretKey)
const fingerprint = cantonFingerprint(publicKey)
const party = `alice::${fingerprint}`
const hash = new Uint8Array(32).map((_, i) => i)

describe('partySignature', () => {
  test('behavior: the execute request’s partySignatures, a CONCAT Ed25519 signature that verifies', () => {
    const signature = ed25519.sign(signingPayload(hash).bytes, secretKey)
    const result = partySignature({ party, fingerprint, signature })
    expect(result).toEqual({
      signatures: [
        {
          party,
          signatures: [
            {
              format: 'SIGNATURE_FORMAT_CONCAT',
              signature: expect.any(String),
              signedBy: fingerprint,
              signingAlgorithmSpec: 'SIGNING_ALGORITHM_SPEC_ED25519',
            },
          ],
        },
      ],
    })
    const sent = Uint8Array.from(atob(result.signatures[0]?.signatures[0]?.signature ?? ''), (c) =>
      c.charCodeAt(0),
    )
    expect(ed25519.verify(sent, hash, publicKey)).toBe(true)
  })

  test('error: a signature that is not 64 bytes, a bad fingerprint or party -> INVALID_ARGUMENT', () => {
    const signature = new Uint8Array(64)
    expect(() => partySignature({ party, fingerprint, signature: new Uint8Array(63) })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => partySignature({ party, fingerprint: 'abc', signature })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => partySignature({ party: 'alice', fingerprint, signature })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})

describe('cantonSignature', () => {
  test('behavior: one Signature for multiHashSignatures', () => {
    expect(cantonSignature({ fingerprint, signature: new Uint8Array(64) })).toEqual({
      format: 'SIGNATURE_FORMAT_CONCAT',
      signature: btoa('\0'.repeat(64)),
      signedBy: fingerprint,
      signingAlgorithmSpec: 'SIGNING_ALGORITHM_SPEC_ED25519',
    })
  })
})

describe('signingPayload', () => {
  test('behavior: bytes, hex and base64 of a 32-byte hash or a 34-byte multiHash, from bytes or base64', () => {
    const payload = signingPayload(hash)
    expect(payload.bytes).toEqual(hash)
    expect(payload.hex).toBe(bytesToHex(hash))
    expect(signingPayload(payload.base64)).toEqual(payload)
    expect(signingPayload(new Uint8Array(34)).bytes).toHaveLength(34)
  })

  test('behavior: the payload is a copy (zeroing it does not touch the caller’s hash)', () => {
    const original = Uint8Array.from(hash)
    signingPayload(original).bytes.fill(0)
    expect(original).toEqual(hash)
  })

  test('error: other lengths or non-base64 -> INVALID_ARGUMENT', () => {
    for (const bad of [new Uint8Array(33), 'not base64!', btoa('short')])
      expect(() => signingPayload(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})
