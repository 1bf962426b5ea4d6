import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { abytes } from './assert.js'

/**
 * The WebAuthn PRF input (`extensions.prf.eval.first`) every Stratos passkey is asked for.
 * docs/key-derivation.md "PRF input" (fixed): changing it changes every user's addresses.
 */
export const PRF_SALT: Uint8Array = utf8ToBytes('stratos-vault/prf/v1')

/** HKDF salt shared by every key derived from the PRF output. */
const HKDF_SALT = utf8ToBytes('stratos-vault')

function derive(prf: Uint8Array, info: string): Uint8Array {
  // The PRF output of a WebAuthn credential is HMAC-SHA-256 based: always 32 bytes (WebAuthn L3 §10.1.4).
  abytes(prf, 'prf', [32], 'INVALID_PRF')
  return hkdf(sha256, prf, HKDF_SALT, utf8ToBytes(info), 32)
}

/**
 * BIP-39 entropy (32 bytes, 24 words) of the wallet: HKDF-SHA256(P, "stratos-vault", "master-seed/v1").
 * The first passkey of a user defines it; backup passkeys unwrap it instead.
 */
export function entropyFromPrf(prf: Uint8Array): Uint8Array {
  return derive(prf, 'master-seed/v1')
}

/** Raw AES-256-GCM key that wraps the entropy for backup passkeys: HKDF(P, …, "wrap-key/v1"). */
export function deriveWrapKey(prf: Uint8Array): Uint8Array {
  return derive(prf, 'wrap-key/v1')
}

/** Raw AES-256-GCM key for browser-local storage: HKDF(P, …, "local-key/v1"). */
export function deriveLocalKey(prf: Uint8Array): Uint8Array {
  return derive(prf, 'local-key/v1')
}
