import { ed25519 } from '@noble/curves/ed25519.js'

/** The JSON API's `Signature` ({ format, signature (base64), signedBy, signingAlgorithmSpec }). */
export interface JsonSignature {
  format: string
  signature: string
  signedBy: string
  signingAlgorithmSpec: string
}

export type SignatureCheck = 'valid' | 'invalid' | 'other-signer' | 'unsupported'

export function isJsonSignature(value: unknown): value is JsonSignature {
  const s = value as Record<string, unknown> | null
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.format === 'string' &&
    typeof s.signature === 'string' &&
    typeof s.signedBy === 'string' &&
    typeof s.signingAlgorithmSpec === 'string'
  )
}

/**
 * Checks a Canton signature made by an Ed25519 key (fingerprint `fingerprint`, raw key `publicKey`)
 * over `message`. A signature by another key is `other-signer`; a well-formed but wrong one is
 * `invalid`; a format/algorithm the devnet does not verify is `unsupported`.
 */
export function verifyCantonSignature(
  signature: JsonSignature,
  message: Uint8Array,
  fingerprint: string,
  publicKey: Uint8Array,
): SignatureCheck {
  if (signature.signedBy !== fingerprint) return 'other-signer'
  const algorithm = signature.signingAlgorithmSpec.replace(/^SIGNING_ALGORITHM_SPEC_/, '')
  const format = signature.format.replace(/^SIGNATURE_FORMAT_/, '')
  if (algorithm !== 'ED25519' || (format !== 'CONCAT' && format !== 'RAW')) return 'unsupported'
  const bytes = Buffer.from(signature.signature, 'base64')
  if (bytes.length !== 64) return 'invalid'
  try {
    return ed25519.verify(new Uint8Array(bytes), message, publicKey) ? 'valid' : 'invalid'
  } catch {
    return 'invalid'
  }
}
