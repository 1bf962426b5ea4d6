import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'

/** Canton's hash purpose for public key fingerprints (HashPurpose.PublicKeyFingerprint). */
const PUBLIC_KEY_FINGERPRINT = 12

/**
 * Canton's fingerprint of a public key: the multihash (`0x12 0x20` = sha-256, 32 bytes) of
 * sha256(u32be(12) || raw key), hex encoded, so it starts with `1220`. For an Ed25519 key the raw
 * key is the 32-byte point.
 */
export function fingerprintOf(rawPublicKey: Uint8Array): string {
  const input = new Uint8Array(4 + rawPublicKey.length)
  new DataView(input.buffer).setUint32(0, PUBLIC_KEY_FINGERPRINT)
  input.set(rawPublicKey, 4)
  return `1220${bytesToHex(sha256(input))}`
}
