import { bytesToHex } from '@noble/hashes/utils.js'
import { abytes, base64ToBytes, bytesToBase64, isBytes } from './encoding.js'

/** The bytes an external party signs, with the two text forms the UI and the API use. */
export interface SigningPayload {
  /** Exactly what goes into `Vault#signCantonHash` (Ed25519 signs these bytes as the message). */
  bytes: Uint8Array
  /** Lowercase hex, for display ("you are signing 3f2a…"). */
  hex: string
  /** Standard base64, as the JSON Ledger API carries hashes. */
  base64: string
}

/**
 * Normalizes a hash to sign: a 32-byte prepared-transaction hash (hashing scheme V2, signed for
 * `execute`) or the 34-byte topology `multiHash` (a SHA-256 multihash, signed for `allocate`),
 * given as bytes or standard base64. Canton has the party sign the hash bytes themselves, with no
 * prefix or re-hashing; any other length throws INVALID_ARGUMENT.
 */
export function signingPayload(hash: Uint8Array | string): SigningPayload {
  const bytes = isBytes(hash) ? Uint8Array.from(hash) : base64ToBytes(hash, 'hash')
  abytes(bytes, 'hash', [32, 34])
  return { bytes, hex: bytesToHex(bytes), base64: bytesToBase64(bytes) }
}
