import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { abytes } from '../assert.js'
import { KeysError } from '../KeysError.js'

/** Canton hash purpose `PublicKeyFingerprint` (com.digitalasset.canton.crypto.HashPurpose, id 12). */
const FINGERPRINT_PURPOSE = 12
/** Multihash prefix of a SHA-256 digest: code 0x12, length 0x20. */
const SHA256_MULTIHASH_PREFIX = '1220'

/**
 * Canton fingerprint of a raw 32-byte Ed25519 public key: the SHA-256 multihash
 * `1220 || sha256(u32be(12) || publicKey)` in hex (68 characters). It is the namespace of an
 * external party: party id = `<hint>::<fingerprint>`.
 */
export function cantonFingerprint(publicKey: Uint8Array): string {
  abytes(publicKey, 'publicKey', [32])
  const input = new Uint8Array(4 + publicKey.length)
  new DataView(input.buffer).setUint32(0, FINGERPRINT_PURPOSE)
  input.set(publicKey, 4)
  return SHA256_MULTIHASH_PREFIX + bytesToHex(sha256(input))
}

/**
 * Party id `<hint>::<fingerprint>` of an external party. The hint is free text chosen at
 * allocation; Canton identifiers allow ASCII letters, digits and `-_ ` and no `::`, so we check that.
 */
export function cantonPartyId(hint: string, fingerprint: string): string {
  if (typeof hint !== 'string' || !/^[A-Za-z0-9_\- ]{1,128}$/.test(hint))
    throw new KeysError(
      'INVALID_ARGUMENT',
      'hint: expected 1-128 of the characters A-Z a-z 0-9 _ - and space',
    )
  if (typeof fingerprint !== 'string' || !/^1220[0-9a-f]{64}$/.test(fingerprint))
    throw new KeysError(
      'INVALID_ARGUMENT',
      'fingerprint: expected 1220 followed by 64 lowercase hex characters',
    )
  return `${hint}::${fingerprint}`
}

/**
 * Ed25519 signature over a hash Canton asks an external party to sign: a 32-byte prepared
 * transaction hash (`execute`) or the 34-byte topology `multiHash` (`allocate`), as raw bytes.
 */
export function signCantonHashWithKey(hash: Uint8Array, privateKey: Uint8Array): Uint8Array {
  abytes(hash, 'hash', [32, 34])
  return ed25519.sign(hash, privateKey)
}
