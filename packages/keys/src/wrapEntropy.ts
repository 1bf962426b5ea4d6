import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import { abytes, astring } from './assert.js'
import { KeysError } from './KeysError.js'

/** Entropy encrypted under a backup passkey's wrap key; what the server stores (with the credential id). */
export interface WrappedEntropy {
  /** 12-byte AES-GCM nonce, base64url without padding. */
  iv: string
  /** AES-GCM ciphertext with its 16-byte tag appended, base64url without padding. */
  ciphertext: string
}

/** BIP-39 entropy lengths (128..256 bits in 32-bit steps). */
export const ENTROPY_LENGTHS = [16, 20, 24, 28, 32] as const

/**
 * Binds the ciphertext to its purpose: a blob wrapped here cannot be passed off as another AES-GCM
 * message of the product under the same key (NIST SP 800-38D §5.2.1.1 additional authenticated data).
 */
const AAD = utf8ToBytes('stratos-vault/wrapped-entropy/v1')
const IV_LENGTH = 12

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle
  if (!s) throw new KeysError('INVALID_ARGUMENT', 'Web Crypto (globalThis.crypto.subtle) is not available')
  return s
}

function importKey(wrapKey: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  // Copy into a fresh ArrayBuffer: Web Crypto rejects views on SharedArrayBuffer.
  return subtle().importKey('raw', new Uint8Array(wrapKey), { name: 'AES-GCM' }, false, [usage])
}

/**
 * Encrypts the wallet entropy with AES-256-GCM under `wrapKey` (from `deriveWrapKey` of a backup
 * passkey), with a fresh random 96-bit IV.
 */
export async function wrapEntropy(entropy: Uint8Array, wrapKey: Uint8Array): Promise<WrappedEntropy> {
  abytes(entropy, 'entropy', ENTROPY_LENGTHS, 'INVALID_ENTROPY')
  abytes(wrapKey, 'wrapKey', [32])
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_LENGTH))
  const key = await importKey(wrapKey, 'encrypt')
  const plain = new Uint8Array(entropy)
  try {
    const sealed = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, plain)
    return { iv: base64urlnopad.encode(iv), ciphertext: base64urlnopad.encode(new Uint8Array(sealed)) }
  } finally {
    plain.fill(0)
  }
}

/**
 * Decrypts a `WrappedEntropy`. Throws `KeysError` `UNWRAP_FAILED` when the key is wrong or the
 * blob was altered (the GCM tag does not verify), `INVALID_ARGUMENT` when it is malformed.
 */
export async function unwrapEntropy(wrapped: WrappedEntropy, wrapKey: Uint8Array): Promise<Uint8Array> {
  if (typeof wrapped !== 'object' || wrapped === null)
    throw new KeysError('INVALID_ARGUMENT', 'wrapped: expected an object { iv, ciphertext }')
  astring(wrapped.iv, 'wrapped.iv')
  astring(wrapped.ciphertext, 'wrapped.ciphertext')
  abytes(wrapKey, 'wrapKey', [32])
  let iv: Uint8Array
  let ciphertext: Uint8Array
  try {
    iv = base64urlnopad.decode(wrapped.iv.replace(/=+$/, ''))
    ciphertext = base64urlnopad.decode(wrapped.ciphertext.replace(/=+$/, ''))
  } catch (cause) {
    throw new KeysError('INVALID_ARGUMENT', 'wrapped: iv and ciphertext must be base64url', { cause })
  }
  if (iv.length !== IV_LENGTH)
    throw new KeysError('INVALID_ARGUMENT', `wrapped.iv: expected ${IV_LENGTH} bytes`)
  const key = await importKey(wrapKey, 'decrypt')
  let plain: Uint8Array
  try {
    plain = new Uint8Array(
      await subtle().decrypt(
        { name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: AAD },
        key,
        new Uint8Array(ciphertext),
      ),
    )
  } catch (cause) {
    throw new KeysError('UNWRAP_FAILED', 'Could not unwrap the entropy: wrong passkey or altered data', {
      cause,
    })
  }
  if (!(ENTROPY_LENGTHS as readonly number[]).includes(plain.length)) {
    plain.fill(0)
    throw new KeysError('UNWRAP_FAILED', 'Unwrapped data is not BIP-39 entropy')
  }
  return plain
}
