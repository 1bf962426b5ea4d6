import {
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type VerifiedAuthenticationResponse,
  type VerifiedRegistrationResponse,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server'
import type { ChallengeRow, Database } from '@stratos/db'
import type {
  CeremonyOptionsResponse,
  LoginVerifyRequest,
  MeResponse,
  RegisterOptionsRequest,
  RegisterVerifyRequest,
} from '@stratos/schemas'
import type { Transaction } from 'kysely'
import type { AppDeps } from '../../context.js'
import { fromBase64Url, randomId, sha256Base64Url, toBase64Url } from '../../encoding.js'
import { consumeEnrollmentToken, isEnrollmentTokenValid } from '../../enrollment/ensureAdminEnrollment.js'
import { ApiError } from '../../errors.js'
import type { IssuedSession } from '../../sessions/sessions.js'
import { insertMissingAddresses } from '../me/queries.js'
import { getMe } from '../me/service.js'
import {
  advanceCredentialCounter,
  credentialExists,
  deleteChallenge,
  deleteExpiredChallenges,
  insertChallenge,
  insertCredential,
  insertUser,
  selectChallenge,
  selectCredentialForLogin,
} from './queries.js'
import { toCeremonyError } from './webauthnErrors.js'

/** What the registration challenge remembers about the account being created. */
interface PendingRegistration {
  userId: string
  /** WebAuthn user handle, base64url. */
  userHandle: string
  displayName: string
  /** SHA-256 of the enrollment token, never the token itself. */
  enrollTokenHash: string | null
}

export interface CeremonyResult {
  me: MeResponse
  session: IssuedSession
  userId: string
}

const CLEANUP_INTERVAL_MS = 60_000

/** The registration and authentication ceremonies of one instance. */
export function createAuthService(deps: AppDeps) {
  const { db, config, clock, sessions } = deps
  let lastCleanup = 0

  async function storeChallenge(challenge: string, purpose: ChallengeRow['purpose'], context: unknown) {
    const now = clock()
    if (now.getTime() - lastCleanup > CLEANUP_INTERVAL_MS) {
      lastCleanup = now.getTime()
      await deleteExpiredChallenges(db, now.toISOString())
    }
    const id = randomId(16)
    await insertChallenge(db, {
      id,
      challenge,
      purpose,
      context: context === null ? null : JSON.stringify(context),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + config.challengeTtlSeconds * 1000).toISOString(),
    })
    return id
  }

  /**
   * Reads the challenge a response answers. It is consumed (deleted) by the transaction that
   * commits the outcome, or burnt by {@link burnOnFailure} if the response is refused: either
   * way it answers at most one response. One commit per successful ceremony instead of two.
   */
  async function readChallenge(id: string, purpose: ChallengeRow['purpose']): Promise<ChallengeRow> {
    const row = await selectChallenge(db, id, purpose)
    if (!row) {
      throw new ApiError(400, 'CHALLENGE_INVALID', 'Unknown or already used challengeId: request new options')
    }
    if (row.expires_at <= clock().toISOString()) {
      await deleteChallenge(db, id)
      throw new ApiError(400, 'CHALLENGE_EXPIRED', 'The challenge expired: request new options and try again')
    }
    return row
  }

  /** Runs `ceremony`; if it throws, the challenge is deleted so the refused response cannot be retried. */
  async function burnOnFailure<T>(challengeId: string, ceremony: () => Promise<T>): Promise<T> {
    try {
      return await ceremony()
    } catch (error) {
      await deleteChallenge(db, challengeId)
      throw error
    }
  }

  /** First statement of the committing transaction: this request, and no other, used the challenge. */
  async function consumeChallenge(trx: Transaction<Database>, id: string): Promise<void> {
    if (!(await deleteChallenge(trx, id))) {
      throw new ApiError(400, 'CHALLENGE_INVALID', 'Unknown or already used challengeId: request new options')
    }
  }

  return {
    async registrationOptions(input: RegisterOptionsRequest): Promise<CeremonyOptionsResponse> {
      const enrollTokenHash = input.enrollToken ? await sha256Base64Url(input.enrollToken) : null
      // Checked here so nobody creates a passkey for an account that will then be refused;
      // checked again, atomically, when the account is created.
      if (enrollTokenHash && !(await isEnrollmentTokenValid(db, enrollTokenHash))) {
        throw enrollmentInvalid()
      }
      const userHandle = crypto.getRandomValues(new Uint8Array(32))
      const options = await generateRegistrationOptions({
        rpName: config.instanceName,
        rpID: config.rpId,
        userName: input.displayName,
        userDisplayName: input.displayName,
        userID: userHandle,
        timeout: config.challengeTtlSeconds * 1000,
        attestationType: 'none',
        authenticatorSelection: {
          residentKey: 'required',
          requireResidentKey: true,
          userVerification: 'required',
        },
        // The browser adds the PRF salt (eval.first) itself; the server never sees PRF values.
        extensions: { prf: {} },
      })
      const pending: PendingRegistration = {
        userId: randomId(16),
        userHandle: toBase64Url(userHandle),
        displayName: input.displayName,
        enrollTokenHash,
      }
      const challengeId = await storeChallenge(options.challenge, 'registration', pending)
      return { challengeId, options: options as unknown as Record<string, unknown> }
    },

    async registrationVerify(
      input: RegisterVerifyRequest,
      userAgent: string | null,
    ): Promise<CeremonyResult> {
      const challenge = await readChallenge(input.challengeId, 'registration')
      const pending = JSON.parse(challenge.context ?? 'null') as PendingRegistration
      return burnOnFailure(challenge.id, async () => {
        let verification: VerifiedRegistrationResponse
        try {
          // WebAuthn §7.1 steps 5-24: type, challenge, origin, rpIdHash, UP/UV flags, algorithm
          // and the ("none") attestation statement.
          verification = await verifyRegistrationResponse({
            response: input.response,
            expectedChallenge: challenge.challenge,
            expectedOrigin: config.origin,
            expectedRPID: config.rpId,
            requireUserVerification: true,
          })
        } catch (error) {
          throw toCeremonyError(error, 'registration')
        }
        const info = verification.registrationInfo
        if (!verification.verified || !info) {
          throw new ApiError(
            400,
            'WEBAUTHN_RESPONSE_INVALID',
            'The passkey registration response did not verify',
          )
        }
        if (info.credential.id !== input.response.id) {
          throw new ApiError(
            400,
            'WEBAUTHN_RESPONSE_INVALID',
            'The credential id does not match the authenticator data',
          )
        }
        const now = clock().toISOString()
        const session = await db.transaction().execute(async (trx) => {
          await consumeChallenge(trx, challenge.id)
          let role: 'user' | 'admin' = 'user'
          if (pending.enrollTokenHash) {
            if (!(await consumeEnrollmentToken(trx, pending.enrollTokenHash))) throw enrollmentInvalid()
            role = 'admin'
          }
          // WebAuthn §7.1 step 26: a credential id registered before must not be registered again.
          if (await credentialExists(trx, info.credential.id)) {
            throw new ApiError(
              409,
              'CREDENTIAL_EXISTS',
              'This passkey is already registered: sign in instead',
            )
          }
          await insertUser(trx, {
            id: pending.userId,
            display_name: pending.displayName,
            role,
            webauthn_user_id: pending.userHandle,
            created_at: now,
          })
          // WebAuthn §7.1 step 27: store the credential public key, counter, transports, flags.
          await insertCredential(trx, {
            id: info.credential.id,
            user_id: pending.userId,
            public_key: toBase64Url(info.credential.publicKey),
            counter: info.credential.counter,
            transports: JSON.stringify(
              info.credential.transports ?? input.response.response.transports ?? [],
            ),
            device_type: info.credentialDeviceType,
            backed_up: info.credentialBackedUp ? 1 : 0,
            wrapped_entropy: null,
            created_at: now,
            last_used_at: null,
          })
          await insertMissingAddresses(trx, pending.userId, input.addresses, now)
          return sessions.create(trx, pending.userId, userAgent)
        })
        return { session, userId: pending.userId, me: await getMe(db, pending.userId, session) }
      })
    },

    async authenticationOptions(): Promise<CeremonyOptionsResponse> {
      const options = await generateAuthenticationOptions({
        rpID: config.rpId,
        // Discoverable credentials: the authenticator picks the account; no ids are disclosed.
        allowCredentials: [],
        userVerification: 'required',
        timeout: config.challengeTtlSeconds * 1000,
      })
      const challengeId = await storeChallenge(options.challenge, 'authentication', null)
      return { challengeId, options: options as unknown as Record<string, unknown> }
    },

    async authenticationVerify(input: LoginVerifyRequest, userAgent: string | null): Promise<CeremonyResult> {
      const challenge = await readChallenge(input.challengeId, 'authentication')
      return burnOnFailure(challenge.id, async () => {
        // WebAuthn §7.2 step 5 (no allowCredentials) and step 6: identify the credential by its
        // id; with a discoverable credential, userHandle must be present and name its owner.
        const credential = await selectCredentialForLogin(db, input.response.id)
        if (!credential) {
          throw new ApiError(401, 'CREDENTIAL_UNKNOWN', 'This passkey is not registered on this instance')
        }
        if (input.response.response.userHandle !== credential.webauthn_user_id) {
          throw new ApiError(401, 'USER_HANDLE_MISMATCH', 'The passkey response names a different user')
        }
        const storedCounter = Number(credential.counter)
        let verification: VerifiedAuthenticationResponse
        try {
          // WebAuthn §7.2 steps 11-22: type, challenge, origin, rpIdHash, UP/UV flags,
          // signature over authenticatorData || SHA-256(clientDataJSON), signature counter.
          verification = await verifyAuthenticationResponse({
            response: input.response,
            expectedChallenge: challenge.challenge,
            expectedOrigin: config.origin,
            expectedRPID: config.rpId,
            requireUserVerification: true,
            credential: {
              id: credential.id,
              publicKey: fromBase64Url(credential.public_key) as Uint8Array<ArrayBuffer>,
              counter: storedCounter,
              transports: JSON.parse(credential.transports) as AuthenticatorTransport[],
            },
          })
        } catch (error) {
          throw toCeremonyError(error, 'authentication')
        }
        if (!verification.verified) {
          throw new ApiError(401, 'SIGNATURE_INVALID', 'The passkey signature does not verify')
        }
        const { newCounter, credentialBackedUp } = verification.authenticationInfo
        const now = clock().toISOString()
        const session = await db.transaction().execute(async (trx) => {
          await consumeChallenge(trx, challenge.id)
          const advanced = await advanceCredentialCounter(trx, {
            id: credential.id,
            oldCounter: storedCounter,
            newCounter,
            backedUp: credentialBackedUp,
            now,
          })
          if (!advanced) {
            throw new ApiError(
              401,
              'COUNTER_INVALID',
              'Another sign-in with this passkey used the same counter value',
            )
          }
          return sessions.create(trx, credential.user_id, userAgent)
        })
        return { session, userId: credential.user_id, me: await getMe(db, credential.user_id, session) }
      })
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>

function enrollmentInvalid() {
  return new ApiError(
    403,
    'ENROLLMENT_INVALID',
    'This admin enrollment link is invalid or was already used; ask the operator for a new one, or create an ordinary account',
  )
}
