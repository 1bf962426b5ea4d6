import { secp256k1 } from '@noble/curves/secp256k1.js'
import { SignerError } from '../errors.js'

export type ParseDerSignatureReturnType = { r: bigint; s: bigint }

/**
 * Parses an ECDSA signature in DER (`SEQUENCE { INTEGER r, INTEGER s }`, X9.62 / RFC 3279
 * §2.2.3), as AWS KMS returns it. Strict DER through noble: minimal lengths, a leading zero
 * only where the high bit needs it, no trailing bytes, 1 <= r, s < n. `s` is returned as
 * signed (possibly high); the caller normalises it.
 */
export function parseDerSignature(der: Uint8Array): ParseDerSignatureReturnType {
  if (!(der instanceof Uint8Array) || der.length === 0) {
    throw new SignerError('INVALID_DER_SIGNATURE', 'The signature is empty, not DER')
  }
  try {
    const { r, s } = secp256k1.Signature.fromBytes(der, 'der')
    return { r, s }
  } catch (cause) {
    throw new SignerError(
      'INVALID_DER_SIGNATURE',
      'The signature is not a valid DER-encoded ECDSA signature',
      {
        cause,
        details: `${cause instanceof Error ? cause.message : String(cause)} (0x${Buffer.from(der).toString('hex').slice(0, 160)})`,
      },
    )
  }
}
