import {
  type AuthenticatorTransport,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type VerifiedRegistrationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server'
import type { Database, NewCredential } from '@stratos/db/portable'
import type { RegistrationResponseJSON, WrappedEntropy } from '@stratos/schemas'
import type { Kysely, Transaction } from 'kysely'
import { readBrandName } from '../branding/brand.js'
import { type ApiConfig, acceptedOrigins } from '../config.js'
import { toBase64Url } from '../encoding.js'
import { ApiError } from '../errors.js'
import { attestedModel, registerMetadataStatements, trustedStatements } from './adminKeyTrust.js'
import { credentialExists, insertCredential } from './queries.js'
import { toCeremonyError } from './webauthnErrors.js'

/** What a verified registration response proves about the new passkey. */
export type RegistrationInfo = NonNullable<VerifiedRegistrationResponse['registrationInfo']>

/** A verified registration, with the authenticator model its attestation proved (or null). */
export type VerifiedPasskey = RegistrationInfo & { attestedModel: string | null }

export interface PasskeyCreationOptionsInput {
  /** WebAuthn user handle (random, 32 bytes): the same for every passkey of one user. */
  userHandle: Uint8Array
  /** Shown by the authenticator's account picker. */
  name: string
  /** The user's passkeys already registered: an authenticator holding one refuses to make another. */
  excludeCredentials?: { id: string; transports: AuthenticatorTransport[] }[]
  /**
   * WebAuthn §5.4.7 attestation conveyance: `direct` for an admin's passkey (the admin key policy
   * needs the authenticator's certificate path), `none` (the default) for everyone else.
   */
  attestation?: 'direct' | 'none'
}

/**
 * Creation options of every Stratos passkey: discoverable (sign-in names no user), user-verified,
 * "none" attestation unless `attestation` asks for it, and the instance's current brand name as
 * the relying party name the passkey manager shows (WebAuthn §5.4.2). The browser adds the PRF
 * salt (eval.first) itself; the server never sees PRF values.
 */
export async function passkeyCreationOptions(
  { db, config }: { db: Kysely<Database>; config: ApiConfig },
  input: PasskeyCreationOptionsInput,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: await readBrandName(db, config),
    rpID: config.rpId,
    userName: input.name,
    userDisplayName: input.name,
    userID: new Uint8Array(input.userHandle),
    timeout: config.challengeTtlSeconds * 1000,
    attestationType: input.attestation ?? 'none',
    excludeCredentials: input.excludeCredentials ?? [],
    authenticatorSelection: {
      residentKey: 'required',
      requireResidentKey: true,
      userVerification: 'required',
    },
    extensions: { prf: {} },
  })
}

/**
 * Verifies a registration response against the stored challenge, the configured origin and RP ID,
 * and says which trusted authenticator model its attestation proved (`attestedModel`, see
 * `adminKeyTrust.ts`). Throws `ApiError` 400 with the failed check's code.
 */
export async function verifyPasskeyRegistration(
  config: ApiConfig,
  expectedChallenge: string,
  response: RegistrationResponseJSON,
): Promise<VerifiedPasskey> {
  let verification: VerifiedRegistrationResponse
  try {
    await registerMetadataStatements(config.adminKeyStatements)
    // WebAuthn §7.1 steps 5-24: type, challenge, origin, rpIdHash, UP/UV flags, algorithm
    // and the attestation statement (its certificate path against the metadata statement of the
    // AAGUID, when one is trusted).
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: acceptedOrigins(config),
      expectedRPID: config.rpId,
      requireUserVerification: true,
    })
  } catch (error) {
    throw toCeremonyError(error, 'registration')
  }
  const info = verification.registrationInfo
  if (!verification.verified || !info) {
    throw new ApiError(400, 'WEBAUTHN_RESPONSE_INVALID', 'The passkey registration response did not verify')
  }
  if (info.credential.id !== response.id) {
    throw new ApiError(
      400,
      'WEBAUTHN_RESPONSE_INVALID',
      'The credential id does not match the authenticator data',
    )
  }
  return { ...info, attestedModel: await attestedModel(trustedStatements(config.adminKeyStatements), info) }
}

/**
 * WebAuthn §7.1 step 27: the row that stores the credential public key, counter, transports,
 * flags, the authenticator's AAGUID and the model its attestation proved. `wrappedEntropy` is the JSON `{iv, ciphertext}` of a backup passkey, null for the first.
 */
export function newCredentialRow(
  info: VerifiedPasskey,
  response: RegistrationResponseJSON,
  { userId, now, wrappedEntropy }: { userId: string; now: string; wrappedEntropy: string | null },
): NewCredential {
  return {
    id: info.credential.id,
    user_id: userId,
    public_key: toBase64Url(info.credential.publicKey),
    counter: info.credential.counter,
    transports: JSON.stringify(info.credential.transports ?? response.response.transports ?? []),
    device_type: info.credentialDeviceType,
    backed_up: info.credentialBackedUp ? 1 : 0,
    wrapped_entropy: wrappedEntropy,
    created_at: now,
    last_used_at: null,
    // WebAuthn §6.5.1: the authenticator model's AAGUID (all zeros when it keeps it private).
    aaguid: info.aaguid,
    name: null,
    attested_model: info.attestedModel,
  }
}

/**
 * Stores a new passkey of an existing user, whose entropy it opens wrapped (a backup passkey, or
 * a recovered account's new one): WebAuthn §7.1 step 26 first (an id registered before is 409
 * CREDENTIAL_EXISTS), then the row of step 27. Run it in the transaction of the change.
 */
export async function storeWrappingPasskey(
  trx: Transaction<Database>,
  info: VerifiedPasskey,
  response: RegistrationResponseJSON,
  { userId, now, wrappedEntropy }: { userId: string; now: string; wrappedEntropy: WrappedEntropy },
): Promise<void> {
  if (await credentialExists(trx, info.credential.id))
    throw new ApiError(409, 'CREDENTIAL_EXISTS', 'This passkey is already registered')
  const { iv, ciphertext } = wrappedEntropy
  await insertCredential(
    trx,
    newCredentialRow(info, response, { userId, now, wrappedEntropy: JSON.stringify({ iv, ciphertext }) }),
  )
}
