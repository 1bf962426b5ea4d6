import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { abytes } from './encoding.js'

/** Canton hash purpose `PublicKeyFingerprint` (com.digitalasset.canton.crypto.HashPurpose, id 12). */
const FINGERPRINT_PURPOSE = 12

/**
 * Canton fingerprint of a raw 32-byte Ed25519 public key: the SHA-256 multihash
 * `1220 || sha256(u32be(12) || publicKey)` in hex. Same computation as `cantonFingerprint` of
 * `@stratos/keys` (kept here so this package needs no key code); internal.
 */
export function fingerprintOf(publicKey: Uint8Array): string {
  abytes(publicKey, 'publicKey', [32])
  const input = new Uint8Array(4 + publicKey.length)
  new DataView(input.buffer).setUint32(0, FINGERPRINT_PURPOSE)
  input.set(publicKey, 4)
  return `1220${bytesToHex(sha256(input))}`
}
