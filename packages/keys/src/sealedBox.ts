import { x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import { abytes, astring } from './assert.js'
import { KeysError } from './KeysError.js'

/**
 * A message sealed to an X25519 public key (ECIES shape): what the server stores and relays for
 * social recovery. It cannot open it. Every field base64url without padding.
 */
export interface SealedBox {
  /** The sender's one-time X25519 public key (32 bytes). */
  ephemeralPublicKey: string
  /** 12-byte AES-GCM nonce. */
  iv: string
  /** AES-256-GCM ciphertext with its 16-byte tag appended. */
  ciphertext: string
}

const HKDF_INFO = utf8ToBytes('stratos-vault/sealed-box/v1')
const IV_LENGTH = 12

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle
  if (!s) throw new KeysError('INVALID_ARGUMENT', 'Web Crypto (globalThis.crypto.subtle) is not available')
  return s
}

/**
 * AES key of one box: HKDF-SHA256(IKM = X25519 shared secret, salt = ephemeral public key ||
 * recipient public key, info "stratos-vault/sealed-box/v1", 32). Binding both public keys in the
 * salt makes the key specific to this sender/recipient pair (RFC 9180 §4.1 does the same in its
 * kem_context). The shared secret is zeroed here.
 */
function boxKey(
  shared: Uint8Array,
  ephemeralPublicKey: Uint8Array,
  recipientPublicKey: Uint8Array,
): Uint8Array {
  try {
    return hkdf(sha256, shared, concatBytes(ephemeralPublicKey, recipientPublicKey), HKDF_INFO, 32)
  } finally {
    shared.fill(0)
  }
}

function decode(value: unknown, name: string, lengths: readonly number[] = []): Uint8Array {
  astring(value, name)
  let bytes: Uint8Array
  try {
    bytes = base64urlnopad.decode(value.replace(/=+$/, ''))
  } catch (cause) {
    throw new KeysError('INVALID_ARGUMENT', `${name}: expected base64url`, { cause })
  }
  if (lengths.length > 0 && !lengths.includes(bytes.length))
    throw new KeysError(
      'INVALID_ARGUMENT',
      `${name}: expected ${lengths.join(' or ')} bytes, got ${bytes.length}`,
    )
  return bytes
}

/** Decodes a base64url X25519 public key (32 bytes); throws `INVALID_ARGUMENT` naming `name`. */
export function decodePublicKey(value: unknown, name = 'publicKey'): Uint8Array {
  return decode(value, name, [32])
}

/**
 * Seals `plaintext` to `recipientPublicKey` (X25519, 32 bytes): a fresh ephemeral key pair, ECDH,
 * HKDF-SHA256, AES-256-GCM with a random IV and `context` (UTF-8) as additional authenticated data,
 * so a box opens only under the context it was sealed for. The ephemeral secret and derived key
 * are zeroed before this returns.
 */
export async function sealBox(
  plaintext: Uint8Array,
  recipientPublicKey: Uint8Array,
  context: string,
): Promise<SealedBox> {
  abytes(plaintext, 'plaintext')
  abytes(recipientPublicKey, 'recipientPublicKey', [32])
  astring(context, 'context')
  const ephemeralSecret = x25519.utils.randomSecretKey()
  let key: Uint8Array | undefined
  try {
    const ephemeralPublicKey = x25519.getPublicKey(ephemeralSecret)
    let shared: Uint8Array
    try {
      // Refuses a low-order recipient key (all-zero shared secret), RFC 7748 §6.1.
      shared = x25519.getSharedSecret(ephemeralSecret, recipientPublicKey)
    } catch (cause) {
      throw new KeysError('INVALID_ARGUMENT', 'recipientPublicKey: not a usable X25519 public key', { cause })
    }
    key = boxKey(shared, ephemeralPublicKey, recipientPublicKey)
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_LENGTH))
    const aesKey = await subtle().importKey('raw', new Uint8Array(key), 'AES-GCM', false, ['encrypt'])
    const sealed = await subtle().encrypt(
      { name: 'AES-GCM', iv, additionalData: utf8ToBytes(context) },
      aesKey,
      new Uint8Array(plaintext),
    )
    return {
      ephemeralPublicKey: base64urlnopad.encode(ephemeralPublicKey),
      iv: base64urlnopad.encode(iv),
      ciphertext: base64urlnopad.encode(new Uint8Array(sealed)),
    }
  } finally {
    ephemeralSecret.fill(0)
    key?.fill(0)
  }
}

/**
 * Opens a `SealedBox` with the recipient's X25519 secret key under `context`. Throws `KeysError`
 * `UNSEAL_FAILED` when the key or the context is not the one it was sealed for, or the box was
 * altered; `INVALID_ARGUMENT` when it is malformed. The caller zeroes the returned plaintext.
 */
export async function openBox(
  box: SealedBox,
  recipientSecretKey: Uint8Array,
  context: string,
): Promise<Uint8Array> {
  if (typeof box !== 'object' || box === null)
    throw new KeysError('INVALID_ARGUMENT', 'box: expected an object { ephemeralPublicKey, iv, ciphertext }')
  abytes(recipientSecretKey, 'recipientSecretKey', [32])
  astring(context, 'context')
  const ephemeralPublicKey = decode(box.ephemeralPublicKey, 'box.ephemeralPublicKey', [32])
  const iv = decode(box.iv, 'box.iv', [IV_LENGTH])
  const ciphertext = decode(box.ciphertext, 'box.ciphertext')
  let shared: Uint8Array
  try {
    shared = x25519.getSharedSecret(recipientSecretKey, ephemeralPublicKey)
  } catch (cause) {
    throw new KeysError('UNSEAL_FAILED', 'The sealed box names an unusable sender key', { cause })
  }
  const key = boxKey(shared, ephemeralPublicKey, x25519.getPublicKey(recipientSecretKey))
  try {
    const aesKey = await subtle().importKey('raw', new Uint8Array(key), 'AES-GCM', false, ['decrypt'])
    return new Uint8Array(
      await subtle().decrypt(
        { name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: utf8ToBytes(context) },
        aesKey,
        new Uint8Array(ciphertext),
      ),
    )
  } catch (cause) {
    throw new KeysError(
      'UNSEAL_FAILED',
      'Could not open the sealed share: wrong key, wrong request or altered data',
      {
        cause,
      },
    )
  } finally {
    key.fill(0)
  }
}
