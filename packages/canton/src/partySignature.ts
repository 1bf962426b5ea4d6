import { CantonError } from './CantonError.js'
import { abytes, bytesToBase64 } from './encoding.js'
import type { PartySignatures, Signature } from './ledgerApiTypes.js'

/** An Ed25519 signature as the JSON Ledger API `Signature` carries it. */
export interface CantonSignature extends Signature {
  /** `SignatureFormat.SIGNATURE_FORMAT_CONCAT`: for Ed25519 the 64 bytes R || S. */
  format: 'SIGNATURE_FORMAT_CONCAT'
  /** The 64 signature bytes, standard base64. */
  signature: string
  /** Fingerprint of the signing key (`1220` + 64 hex). */
  signedBy: string
  signingAlgorithmSpec: 'SIGNING_ALGORITHM_SPEC_ED25519'
}

export interface CantonSignatureParameters {
  /** Fingerprint of the key that signed, `1220` + 64 hex (`DerivedAddresses.canton`). */
  fingerprint: string
  /** 64-byte Ed25519 signature (`Vault#signCantonHash`). */
  signature: Uint8Array
}

export interface PartySignatureParameters extends CantonSignatureParameters {
  /** The acting party, `hint::fingerprint`. */
  party: string
}

/**
 * One Ed25519 `Signature` of the JSON Ledger API: used alone in `multiHashSignatures` of
 * `POST /v2/parties/external/allocate`, and inside `partySignature` for execute.
 */
export function cantonSignature({ fingerprint, signature }: CantonSignatureParameters): CantonSignature {
  if (typeof fingerprint !== 'string' || !/^1220[0-9a-f]{64}$/.test(fingerprint))
    throw new CantonError(
      'INVALID_ARGUMENT',
      'fingerprint: expected "1220" followed by 64 lowercase hex characters',
    )
  abytes(signature, 'signature', [64])
  return {
    format: 'SIGNATURE_FORMAT_CONCAT',
    signature: bytesToBase64(signature),
    signedBy: fingerprint,
    signingAlgorithmSpec: 'SIGNING_ALGORITHM_SPEC_ED25519',
  }
}

/**
 * The `partySignatures` field of `POST /v2/interactive-submission/execute(AndWait)` for one
 * external party that signed the prepared-transaction hash with one key:
 * `{ signatures: [{ party, signatures: [{ format, signature, signedBy, signingAlgorithmSpec }] }] }`.
 * For a party whose key is its namespace key (ours), `signedBy` is the fingerprint in its id.
 */
export function partySignature({ party, fingerprint, signature }: PartySignatureParameters): PartySignatures {
  if (typeof party !== 'string' || !/^[^:]+(?::[^:]+)*::1220[0-9a-f]{64}$/.test(party))
    throw new CantonError('INVALID_ARGUMENT', 'party: expected a party id "<hint>::1220<64 hex>"')
  return { signatures: [{ party, signatures: [cantonSignature({ fingerprint, signature })] }] }
}
