import { hexToBytes } from '@noble/hashes/utils.js'
import { CantonError } from './CantonError.js'
import { bytesToBase64 } from './encoding.js'
import type { SigningPublicKey } from './ledgerApiTypes.js'

/** The JSON Ledger API's `SigningPublicKey` for a raw Ed25519 key. */
export interface TopologyPublicKey extends SigningPublicKey {
  /** Proto enum `CryptoKeyFormat.CRYPTO_KEY_FORMAT_RAW` (crypto.proto v30): the 32 raw key bytes. */
  format: 'CRYPTO_KEY_FORMAT_RAW'
  /** The 32 key bytes, standard base64. */
  keyData: string
  /** Proto enum `SigningKeySpec.SIGNING_KEY_SPEC_EC_CURVE25519`: Ed25519. */
  keySpec: 'SIGNING_KEY_SPEC_EC_CURVE25519'
}

/**
 * The `publicKey` of `POST /v2/parties/external/generate-topology` for a user's Canton key, from
 * the hex form `DerivedAddresses.cantonPublicKey` of `@stratos/keys`. The spec types `format` and
 * `keySpec` as strings; the values are the proto enum names (crypto.proto v30), which Canton
 * parses.
 */
export function publicKeyForTopology(publicKeyHex: string): TopologyPublicKey {
  return {
    format: 'CRYPTO_KEY_FORMAT_RAW',
    keyData: bytesToBase64(ed25519KeyFromHex(publicKeyHex)),
    keySpec: 'SIGNING_KEY_SPEC_EC_CURVE25519',
  }
}

/** Parses a 64-character hex Ed25519 public key (an optional `0x` is accepted). Internal. */
export function ed25519KeyFromHex(publicKeyHex: string, name = 'publicKeyHex'): Uint8Array {
  const hex = typeof publicKeyHex === 'string' ? publicKeyHex.replace(/^0x/, '') : ''
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new CantonError(
      'INVALID_ARGUMENT',
      `${name}: expected a 32-byte Ed25519 public key as 64 hex characters`,
    )
  return hexToBytes(hex.toLowerCase())
}
