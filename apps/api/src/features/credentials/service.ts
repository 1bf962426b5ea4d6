import type { AuthenticatorTransport } from '@simplewebauthn/server'
import { guardAtCommit } from '@stratos/db/portable'
import type {
  AddCredentialVerifyRequest,
  CeremonyOptionsResponse,
  MeResponse,
  RemoveCredentialRequest,
  RenameCredentialRequest,
} from '@stratos/schemas'
import { sql } from 'kysely'
import { getMe } from '../../accounts/getMe.js'
import type { AppDeps } from '../../context.js'
import { fromBase64Url } from '../../encoding.js'
import { ApiError } from '../../errors.js'
import { challengeInvalid, createChallenges } from '../../passkeys/challenges.js'
import { selectCredentialDescriptors } from '../../passkeys/queries.js'
import {
  passkeyCreationOptions,
  storeWrappingPasskey,
  verifyPasskeyRegistration,
} from '../../passkeys/registration.js'
import { revokeCredentialSessions } from '../../sessions/queries.js'
import type { AuthSession } from '../../sessions/sessions.js'
import { requireStepUp, withStepUp } from '../../stepUp/verifyStepUp.js'
import { adminKeyRegistrationRefused, readAdminKeyPolicy } from '../../users/adminKeyPolicy.js'
import {
  countCredentials,
  deleteCredential,
  lockUser,
  renameCredential,
  selectPasskeyUser,
} from './queries.js'

/** What the challenge of a backup passkey remembers: whose it is. */
interface PendingBackupPasskey {
  /** Tells it from an account-creation challenge, which is a registration too. */
  kind: 'add-credential'
  userId: string
}

/**
 * Backup passkeys of the signed-in user (docs/key-derivation.md, backup passkeys): a new passkey for the
 * same WebAuthn user, stored with the wallet entropy the browser wrapped under that passkey's
 * own PRF output. The server stores the ciphertext and cannot open it. Adding, renaming and
 * removing a passkey each need a step-up of an existing passkey, bound to that change.
 */
export function createCredentialsService(deps: AppDeps) {
  const { db, config, clock } = deps
  const challenges = createChallenges(deps)

  return {
    /** Creation options for another passkey of `session`'s user: same user handle, theirs excluded. */
    async registrationOptions(
      session: AuthSession,
      client: string | undefined,
    ): Promise<CeremonyOptionsResponse> {
      const user = await selectPasskeyUser(db, session.userId)
      if (!user) throw new ApiError(401, 'UNAUTHENTICATED', 'The account of this session no longer exists')
      const existing = await selectCredentialDescriptors(db, session.userId)
      const options = await passkeyCreationOptions(
        { db, config },
        {
          // The same handle as the first passkey: sign-in with either names the same user.
          userHandle: fromBase64Url(user.webauthn_user_id),
          name: user.display_name,
          excludeCredentials: existing.map((c) => ({
            id: c.id,
            transports: JSON.parse(c.transports) as AuthenticatorTransport[],
          })),
          // Asked for its attestation when it may have to be an admin's key (the admin key policy):
          // an admin's, or anyone's while the policy is on (a user is promoted only holding one).
          attestation: session.role === 'admin' || (await readAdminKeyPolicy(db)) ? 'direct' : 'none',
        },
      )
      const pending: PendingBackupPasskey = { kind: 'add-credential', userId: session.userId }
      const challengeId = await challenges.store(options.challenge, 'registration', pending, client)
      return { challengeId, options: options as unknown as Record<string, unknown> }
    },

    /**
     * Verifies the new passkey and stores it with its wrapped entropy, in the transaction that
     * consumes the passkey.add step-up; returns the updated user.
     */
    async registrationVerify(session: AuthSession, input: AddCredentialVerifyRequest): Promise<MeResponse> {
      const stepUp = requireStepUp(input.stepUp, { action: 'passkey.add' })
      const challenge = await challenges.read(input.challengeId, 'registration')
      const pending = JSON.parse(challenge.context ?? 'null') as PendingBackupPasskey | null
      // Only the session it was issued to may answer it. Another user's challenge is refused and
      // left alone (its owner can still use it); so is an account-creation challenge.
      if (pending?.kind !== 'add-credential' || pending.userId !== session.userId) throw challengeInvalid()
      return challenges.burnOnFailure(challenge.id, async () => {
        const info = await verifyPasskeyRegistration(config, challenge.challenge, input.response)
        const now = clock().toISOString()
        await withStepUp(deps, session, { action: 'passkey.add' }, stepUp, async (trx) => {
          await challenges.consume(trx, challenge.id)
          if (session.role === 'admin' && !info.attestedModel && (await readAdminKeyPolicy(trx)))
            throw adminKeyRegistrationRefused()
          await storeWrappingPasskey(trx, info, input.response, {
            userId: session.userId,
            now,
            wrappedEntropy: input.wrappedEntropy,
          })
        })
        return getMe(db, session.userId, session)
      })
    },

    /** Renames one of the user's passkeys (null clears the name), with a passkey.rename step-up for it. */
    async rename(
      session: AuthSession,
      credentialId: string,
      input: RenameCredentialRequest,
    ): Promise<MeResponse> {
      const scope = { action: 'passkey.rename', target: credentialId } as const
      await withStepUp(deps, session, scope, input.stepUp, async (trx) => {
        if (!(await renameCredential(trx, session.userId, credentialId, input.name))) {
          throw new ApiError(404, 'CREDENTIAL_NOT_FOUND', 'You have no passkey with this id')
        }
      })
      return getMe(db, session.userId, session)
    },

    /**
     * Removes one of the user's passkeys, with a passkey.remove step-up for it, and revokes the
     * sessions it made (in the same transaction; the caller's own, when it signed in with that
     * passkey). The last one is refused with 409 LAST_CREDENTIAL: without a passkey the wallet could
     * never be opened again.
     */
    async remove(
      session: AuthSession,
      credentialId: string,
      input: RemoveCredentialRequest,
    ): Promise<MeResponse> {
      const scope = { action: 'passkey.remove', target: credentialId } as const
      await withStepUp(deps, session, scope, input.stepUp, async (trx) => {
        if (!(await lockUser(trx, session.userId))) {
          throw new ApiError(401, 'UNAUTHENTICATED', 'The account of this session no longer exists')
        }
        const before = await countCredentials(trx, session.userId)
        if (!(await deleteCredential(trx, session.userId, credentialId))) {
          throw new ApiError(404, 'CREDENTIAL_NOT_FOUND', 'You have no passkey with this id')
        }
        if (before <= 1) {
          // Thrown inside the transaction: the deletion is rolled back.
          throw new ApiError(
            409,
            'LAST_CREDENTIAL',
            'This is your only passkey: add a backup passkey before removing it, or the wallet cannot be opened again',
          )
        }
        await revokeCredentialSessions(trx, credentialId, clock())
        // On D1, where lockUser holds nothing, two removals at once: the later commit is refused here.
        await guardAtCommit(
          trx,
          sql`(select count(*) from credentials where user_id = ${session.userId}) >= 1`,
        )
      })
      return getMe(db, session.userId, session)
    },
  }
}
