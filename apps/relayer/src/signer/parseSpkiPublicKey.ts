import { secp256k1 } from '@noble/curves/secp256k1.js'
import { SignerError } from '../errors.js'

/**
 * DER prefix of a SubjectPublicKeyInfo (RFC 5480 §2) for an uncompressed secp256k1 point:
 * SEQUENCE { SEQUENCE { OID id-ecPublicKey 1.2.840.10045.2.1, OID secp256k1 1.3.132.0.10 },
 * BIT STRING (0 unused bits) { 0x04 || x || y } }. KMS keys of spec ECC_SECG_P256K1 come in
 * exactly this shape; anything else (another curve, a compressed point) is refused.
 */
const SECP256K1_SPKI_PREFIX = Uint8Array.from(
  Buffer.from('3056301006072a8648ce3d020106052b8104000a034200', 'hex'),
)

/** The uncompressed point (`0x04 || x || y`, 65 bytes) of a secp256k1 SPKI public key, checked to be on the curve. */
export function parseSpkiPublicKey(spki: Uint8Array): Uint8Array {
  const prefixMatches =
    spki.length === SECP256K1_SPKI_PREFIX.length + 65 && SECP256K1_SPKI_PREFIX.every((b, i) => spki[i] === b)
  if (!prefixMatches) {
    throw new SignerError(
      'INVALID_PUBLIC_KEY',
      'The public key is not an uncompressed secp256k1 SubjectPublicKeyInfo (KMS key spec must be ECC_SECG_P256K1)',
      { details: `0x${Buffer.from(spki).toString('hex').slice(0, 120)}` },
    )
  }
  const point = spki.slice(SECP256K1_SPKI_PREFIX.length)
  try {
    secp256k1.Point.fromBytes(point).assertValidity()
  } catch (cause) {
    throw new SignerError('INVALID_PUBLIC_KEY', 'The public key is not a point on secp256k1', { cause })
  }
  return point
}
