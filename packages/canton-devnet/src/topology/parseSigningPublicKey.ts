import {
  CryptoKeyFormat,
  SigningKeyScheme,
  SigningKeySpec,
  SigningKeyUsage,
  type SigningPublicKey,
} from '@canton-network/core-ledger-proto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { CantonError } from '../CantonError.js'

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { algorithm 1.3.101.112, BIT STRING }. */
const ED25519_SPKI_PREFIX = Uint8Array.from([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
])

export interface ParsedSigningKey {
  /** The 32-byte Ed25519 point: what Canton's fingerprint hashes. */
  raw: Uint8Array
  /** The key as Canton keeps it in topology: format DER_X509_SUBJECT_PUBLIC_KEY_INFO. */
  topologyKey: SigningPublicKey
}

/** The DER SubjectPublicKeyInfo of a raw Ed25519 key (RFC 8410 §4), as BouncyCastle encodes it. */
export function ed25519Spki(raw: Uint8Array): Uint8Array {
  const der = new Uint8Array(ED25519_SPKI_PREFIX.length + raw.length)
  der.set(ED25519_SPKI_PREFIX)
  der.set(raw, ED25519_SPKI_PREFIX.length)
  return der
}

/**
 * A party's Ed25519 key as Canton's generate-topology puts it into `party_signing_keys`
 * (ApiPartyManagementService.generateExternalPartyTopology, then SigningPublicKey.create): usage
 * NAMESPACE, PROOF_OF_OWNERSHIP, PROTOCOL in that order, scheme unspecified, and a RAW key
 * migrated to DER SubjectPublicKeyInfo, the only public-key format Canton's key validation
 * accepts. The fingerprint stays over the raw key (SigningPublicKey.getDataForFingerprint).
 */
export function topologySigningKey(raw: Uint8Array): SigningPublicKey {
  return {
    format: CryptoKeyFormat.DER_X509_SUBJECT_PUBLIC_KEY_INFO,
    publicKey: ed25519Spki(raw),
    scheme: SigningKeyScheme.UNSPECIFIED,
    usage: [SigningKeyUsage.NAMESPACE, SigningKeyUsage.PROOF_OF_OWNERSHIP, SigningKeyUsage.PROTOCOL],
    keySpec: SigningKeySpec.EC_CURVE25519,
  }
}

/**
 * The raw Ed25519 key of key bytes in a format Canton accepts for it: RAW (32 bytes, which Canton
 * migrates to DER) or DER SubjectPublicKeyInfo. The deprecated plain DER format, other lengths and
 * bytes that are not a point of full order on the curve (CryptoKeyValidation.validateEd25519PublicKey)
 * are refused.
 */
export function rawEd25519Key(format: CryptoKeyFormat, keyData: Uint8Array): Uint8Array {
  let raw: Uint8Array | undefined
  if (format === CryptoKeyFormat.RAW && keyData.length === 32) raw = keyData
  else if (
    format === CryptoKeyFormat.DER_X509_SUBJECT_PUBLIC_KEY_INFO &&
    keyData.length === 44 &&
    ED25519_SPKI_PREFIX.every((b, i) => keyData[i] === b)
  )
    raw = keyData.subarray(12)
  if (!raw)
    throw new CantonError(
      'INVALID_ARGUMENT',
      `Not an Ed25519 public key in format ${CryptoKeyFormat[format] ?? format} (${keyData.length} bytes): use CRYPTO_KEY_FORMAT_RAW or CRYPTO_KEY_FORMAT_DER_X509_SUBJECT_PUBLIC_KEY_INFO`,
    )
  let valid = false
  try {
    const point = ed25519.Point.fromBytes(raw)
    valid = !point.isSmallOrder() && point.isTorsionFree()
  } catch {
    valid = false
  }
  if (!valid)
    throw new CantonError(
      'INVALID_ARGUMENT',
      'Ed25519 public key validation failed: key does not represent a valid point on the Curve25519',
    )
  return raw
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
  const raw = rawEd25519Key(format, new Uint8Array(Buffer.from(key.keyData, 'base64')))
  return { raw, topologyKey: topologySigningKey(raw) }
}
