import { CryptoKeyFormat, SigningKeySpec } from '@canton-network/core-ledger-proto'
import { CantonError } from '../CantonError.js'

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { algorithm 1.3.101.112, BIT STRING }. */
const ED25519_SPKI_PREFIX = Uint8Array.from([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
])

export interface ParsedSigningKey {
  /** The 32-byte Ed25519 point. */
  raw: Uint8Array
  format: CryptoKeyFormat
  /** The key bytes as given (raw or DER). */
  keyData: Uint8Array
}

/** The raw Ed25519 key of key bytes in a Canton key format (RAW or DER SubjectPublicKeyInfo). */
export function rawEd25519Key(format: CryptoKeyFormat, keyData: Uint8Array): Uint8Array {
  if (format === CryptoKeyFormat.RAW && keyData.length === 32) return keyData
  if (
    (format === CryptoKeyFormat.DER_X509_SUBJECT_PUBLIC_KEY_INFO || format === CryptoKeyFormat.DER) &&
    keyData.length === 44 &&
    ED25519_SPKI_PREFIX.every((b, i) => keyData[i] === b)
  ) {
    return keyData.subarray(12)
  }
  throw new CantonError(
    'INVALID_ARGUMENT',
    `Not an Ed25519 public key in format ${CryptoKeyFormat[format]} (${keyData.length} bytes)`,
  )
}

/**
 * Parses the JSON API's `SigningPublicKey` ({ format, keyData (base64), keySpec }). Only Ed25519
 * keys (SIGNING_KEY_SPEC_EC_CURVE25519) are supported by the devnet.
 */
export function parseSigningPublicKey(input: unknown): ParsedSigningKey {
  const key = input as { format?: unknown; keyData?: unknown; keySpec?: unknown } | undefined
  if (
    !key ||
    typeof key.keyData !== 'string' ||
    typeof key.format !== 'string' ||
    typeof key.keySpec !== 'string'
  ) {
    throw new CantonError('INVALID_ARGUMENT', 'publicKey must have format, keyData (base64) and keySpec')
  }
  if (key.keySpec !== 'SIGNING_KEY_SPEC_EC_CURVE25519') {
    throw new CantonError(
      'INVALID_ARGUMENT',
      `Unsupported key spec ${key.keySpec}: the devnet supports SIGNING_KEY_SPEC_EC_CURVE25519 (Ed25519)`,
    )
  }
  const formatName = key.format.replace(/^CRYPTO_KEY_FORMAT_/, '') as keyof typeof CryptoKeyFormat
  const format = CryptoKeyFormat[formatName]
  if (typeof format !== 'number')
    throw new CantonError('INVALID_ARGUMENT', `Unknown key format ${key.format}`)
  const keyData = new Uint8Array(Buffer.from(key.keyData, 'base64'))
  return { raw: rawEd25519Key(format, keyData), format, keyData }
}

export { SigningKeySpec }
