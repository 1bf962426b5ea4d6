import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ApiError } from '../errors.js'

export type Ceremony = 'registration' | 'authentication'

/**
 * @simplewebauthn/server throws plain `Error`s whose messages name the failed check. This maps
 * them to stable codes (the mapping is pinned by tests, so a library upgrade that rewords a
 * message fails loudly instead of degrading to the generic code). Failed registrations are 400;
 * failed logins are 401, except for responses that cannot even be parsed (400).
 */
const RULES: { pattern: RegExp; code: string; message: string }[] = [
  // WebAuthn §7.1 step 9 / §7.2 step 13: clientData.origin must be the RP's origin.
  {
    pattern: /response origin/i,
    code: 'ORIGIN_MISMATCH',
    message: 'The passkey response was made for another origin',
  },
  // §7.1 step 13 / §7.2 step 15: rpIdHash in authenticatorData must be SHA-256 of our RP ID.
  {
    pattern: /RP ID hash/i,
    code: 'RP_ID_MISMATCH',
    message: 'The passkey response was made for another RP ID',
  },
  // §7.2 step 22: the signature counter must increase (when either value is non-zero).
  {
    pattern: /counter value/i,
    code: 'COUNTER_INVALID',
    message:
      'The passkey signature counter did not increase: the response may be a replay or from a cloned key',
  },
  // §7.1 step 8 / §7.2 step 12: clientData.challenge must be the challenge we issued.
  {
    pattern: /response challenge/i,
    code: 'CHALLENGE_MISMATCH',
    message: 'The passkey response answers a different challenge than challengeId',
  },
  // §7.1 step 7 / §7.2 step 11: clientData.type.
  {
    pattern: /response type/i,
    code: 'CEREMONY_TYPE_INVALID',
    message: 'The passkey response is for the wrong ceremony',
  },
  // §7.1 steps 14-15 / §7.2 steps 16-17: UP and (required) UV flags.
  {
    pattern: /user verification/i,
    code: 'USER_VERIFICATION_REQUIRED',
    message: 'The authenticator did not verify the user (PIN or biometrics are required)',
  },
  {
    pattern: /not present/i,
    code: 'USER_PRESENCE_REQUIRED',
    message: 'The authenticator did not report user presence',
  },
  {
    pattern: /public key alg/i,
    code: 'ALGORITHM_UNSUPPORTED',
    message: 'The passkey uses an unsupported algorithm',
  },
  {
    pattern: /cross-origin|top origin/i,
    code: 'ORIGIN_MISMATCH',
    message: 'The passkey response was made inside a cross-origin frame',
  },
  // §7.1 step 21: the attestation statement (its signature, certificates, and for a trusted model
  // the path to the roots of its FIDO metadata statement).
  {
    pattern: /\((Packed|TPM|AndroidKey|FIDOU2F|Apple|SafetyNet)\b[^)]*\)|certificate path|trust anchor/i,
    code: 'ATTESTATION_INVALID',
    message:
      "The authenticator's attestation did not verify: its certificates do not reach the trusted roots of its model",
  },
]

/** Turns an error thrown while verifying a ceremony response into an ApiError with a stable code. */
export function toCeremonyError(error: unknown, ceremony: Ceremony): ApiError {
  if (error instanceof ApiError) return error
  const text = error instanceof Error ? error.message : String(error)
  const failStatus: ContentfulStatusCode = ceremony === 'authentication' ? 401 : 400
  const rule = RULES.find((r) => r.pattern.test(text))
  if (rule) return new ApiError(failStatus, rule.code, rule.message, { cause: error })
  return new ApiError(400, 'WEBAUTHN_RESPONSE_INVALID', `The passkey ${ceremony} response is malformed`, {
    cause: error,
  })
}
