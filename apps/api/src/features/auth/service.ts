import { generateAuthenticationOptions } from '@simplewebauthn/server'
import { expectRows } from '@stratos/db/portable'
import type {
  CeremonyOptionsResponse,
  LoginVerifyRequest,
  LoginVerifyResponse,
  MeResponse,
  RegisterOptionsRequest,
  RegisterVerifyRequest,
  WrappedEntropy,
} from '@stratos/schemas'
import { getMe } from '../../accounts/getMe.js'
import { insertMissingAddresses } from '../../accounts/queries.js'
import { writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { randomId, sha256Base64Url, toBase64Url } from '../../encoding.js'
import {
  consumeInvite,
  inviteInvalid,
  inviteTokenHash,
  selectUsableInvite,
} from '../../enrollment/adminInvites.js'
import { consumeEnrollmentToken, isEnrollmentTokenValid } from '../../enrollment/ensureAdminEnrollment.js'
import { ApiError } from '../../errors.js'
import { commitAssertion, verifyPasskeyAssertion } from '../../passkeys/authentication.js'
import { challengeInvalid, createChallenges } from '../../passkeys/challenges.js'
import { credentialExists, insertCredential, insertUser } from '../../passkeys/queries.js'
import {
  newCredentialRow,
  passkeyCreationOptions,
  verifyPasskeyRegistration,
} from '../../passkeys/registration.js'
import type { IssuedSession } from '../../sessions/sessions.js'
import { adminKeyRegistrationRefused, readAdminKeyPolicy } from '../../users/adminKeyPolicy.js'
import {
  adminLimitReached,
  countEnabledAdmins,
  guardAdminRoster,
  lockAdminRoster,
} from '../../users/adminRoster.js'

/** Who asks: the client address (behind trusted proxies, the one they report) and user agent. */
export interface Requester {
  ip: string | undefined
  userAgent: string | null
}

/** What the registration challenge remembers about the account being created. */
interface PendingRegistration {
  /** Tells it from the challenge of a backup passkey, which is a registration too. */
  kind: 'new-account'
  userId: string
  /** WebAuthn user handle, base64url. */
  userHandle: string
  displayName: string
  /** SHA-256 of the enrollment token, never the token itself. */
  enrollTokenHash: string | null
  /** SHA-256 of an admin's invite token (absent in challenges stored before invites existed). */
  inviteTokenHash?: string | null
}

export interface CeremonyResult {
  me: MeResponse
  session: IssuedSession
  userId: string
}

export interface LoginResult extends CeremonyResult {
  unlock: LoginVerifyResponse['unlock']
}

/** The registration and authentication ceremonies of one instance. */
export function createAuthService(deps: AppDeps) {
  const { db, config, clock, sessions } = deps
  const challenges = createChallenges(deps)

  return {
    async registrationOptions(
      input: RegisterOptionsRequest,
      client: string | undefined,
    ): Promise<CeremonyOptionsResponse> {
      const enrollTokenHash = input.enrollToken ? await sha256Base64Url(input.enrollToken) : null
      // Checked here so nobody creates a passkey for an account that will then be refused;
      // checked again, atomically, when the account is created.
      if (enrollTokenHash && !(await isEnrollmentTokenValid(db, enrollTokenHash))) {
        throw enrollmentInvalid()
      }
      const inviteHash = input.inviteToken ? await inviteTokenHash(input.inviteToken) : null
      const invite = inviteHash ? await selectUsableInvite(db, inviteHash, clock()) : undefined
      if (inviteHash && !invite) throw inviteInvalid()
      const userHandle = crypto.getRandomValues(new Uint8Array(32))
      // An admin's passkey is asked for its attestation: the admin key policy needs it, and
      // keeping it from the start lets the policy be turned on later without new passkeys.
      const admin = enrollTokenHash !== null || invite?.role === 'admin'
      const options = await passkeyCreationOptions(
        { db, config },
        {
          userHandle,
          name: input.displayName,
          attestation: admin ? 'direct' : 'none',
        },
      )
      const pending: PendingRegistration = {
        kind: 'new-account',
        userId: randomId(16),
        userHandle: toBase64Url(userHandle),
        displayName: input.displayName,
        enrollTokenHash,
        inviteTokenHash: inviteHash,
      }
      const challengeId = await challenges.store(options.challenge, 'registration', pending, client)
      return { challengeId, options: options as unknown as Record<string, unknown> }
    },

    async registrationVerify(
      input: RegisterVerifyRequest,
      requester: Requester,
      requestId?: string,
    ): Promise<CeremonyResult> {
      const challenge = await challenges.read(input.challengeId, 'registration')
      const pending = JSON.parse(challenge.context ?? 'null') as PendingRegistration | null
      // A backup passkey's challenge cannot create an account (nor the reverse).
      if (pending?.kind !== 'new-account') throw challengeInvalid()
      return challenges.burnOnFailure(challenge.id, async () => {
        const info = await verifyPasskeyRegistration(config, challenge.challenge, input.response)
        const at = clock()
        const now = at.toISOString()
        const session = await db.transaction().execute(async (trx) => {
          // Read before the writes below: a D1 transaction reads committed data only.
          const adminKeyPolicy = await readAdminKeyPolicy(trx)
          await challenges.consume(trx, challenge.id)
          let role: 'user' | 'admin' = 'user'
          let rosterMax: number | undefined
          if (pending.enrollTokenHash) {
            if (!(await consumeEnrollmentToken(trx, pending.enrollTokenHash))) throw enrollmentInvalid()
            role = 'admin'
          }
          if (pending.inviteTokenHash) {
            const invite = await consumeInvite(trx, pending.inviteTokenHash, pending.userId, at)
            if (!invite) throw inviteInvalid()
            if (invite.role === 'admin') {
              const maxAdmins = await lockAdminRoster(trx, at)
              if ((await countEnabledAdmins(trx)) >= maxAdmins) throw adminLimitReached(maxAdmins)
              rosterMax = maxAdmins
            }
            role = invite.role
            await writeAuditEntry(trx, {
              actor: {
                userId: pending.userId,
                requestId,
                ip: requester.ip,
                userAgent: requester.userAgent ?? undefined,
              },
              action: 'user.invite.use',
              target: pending.inviteTokenHash,
              at,
              details: { role: invite.role, invitedBy: invite.created_by },
            })
          }
          // Thrown in the transaction: the enrollment link or invite stays usable for a security key.
          if (role === 'admin' && !info.attestedModel && adminKeyPolicy) throw adminKeyRegistrationRefused()
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
            last_sign_in_at: now,
          })
          if (rosterMax !== undefined) await guardAdminRoster(trx, rosterMax, 0)
          await insertCredential(
            trx,
            newCredentialRow(info, input.response, { userId: pending.userId, now, wrappedEntropy: null }),
          )
          await insertMissingAddresses(trx, pending.userId, input.addresses, now)
          return sessions.create(
            trx,
            pending.userId,
            { credentialId: info.credential.id, ...requester },
            role,
          )
        })
        return { session, userId: pending.userId, me: await getMe(db, pending.userId, session) }
      })
    },

    async authenticationOptions(client: string | undefined): Promise<CeremonyOptionsResponse> {
      const options = await generateAuthenticationOptions({
        rpID: config.rpId,
        // Discoverable credentials: the authenticator picks the account; no ids are disclosed.
        allowCredentials: [],
        userVerification: 'required',
        timeout: config.challengeTtlSeconds * 1000,
      })
      const challengeId = await challenges.store(options.challenge, 'authentication', null, client)
      return { challengeId, options: options as unknown as Record<string, unknown> }
    },

    async authenticationVerify(input: LoginVerifyRequest, requester: Requester): Promise<LoginResult> {
      const challenge = await challenges.read(input.challengeId, 'authentication')
      return challenges.burnOnFailure(challenge.id, async () => {
        const assertion = await verifyPasskeyAssertion(db, config, challenge.challenge, input.response)
        const { credential } = assertion
        const now = clock().toISOString()
        const session = await db.transaction().execute(async (trx) => {
          await challenges.consume(trx, challenge.id)
          await commitAssertion(trx, assertion, now)
          const user = await trx
            .selectFrom('users')
            .select('role')
            .where('id', '=', credential.user_id)
            .executeTakeFirstOrThrow()
          // Checked after the signature, so only the passkey's holder learns the account is disabled;
          // the UPDATE waits for a concurrent disable to commit and then matches nothing.
          const signedIn = await expectRows(
            trx,
            trx
              .updateTable('users')
              .set({ last_sign_in_at: now })
              .where('id', '=', credential.user_id)
              .where('disabled_at', 'is', null),
            1,
          )
          if (!signedIn) {
            throw new ApiError(
              403,
              'USER_DISABLED',
              'This account is disabled: ask an admin of this instance to enable it',
            )
          }
          return sessions.create(
            trx,
            credential.user_id,
            { credentialId: credential.id, ...requester },
            user.role,
          )
        })
        return {
          session,
          userId: credential.user_id,
          me: await getMe(db, credential.user_id, session),
          // What opens the wallet with this passkey: nothing for the first one (its PRF output
          // defines the entropy), the wrapped entropy for a backup passkey.
          unlock: {
            wrappedEntropy: credential.wrapped_entropy
              ? (JSON.parse(credential.wrapped_entropy) as WrappedEntropy)
              : null,
          },
        }
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
