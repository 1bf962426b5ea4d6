import {
  type AuthenticatorTransport,
  type VerifiedAuthenticationResponse,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server'
import { type Database, guardAtCommit, isD1 } from '@stratos/db/portable'
import type { AuthenticationResponseJSON } from '@stratos/schemas'
import { type Kysely, sql, type Transaction } from 'kysely'
import { type ApiConfig, acceptedOrigins } from '../config.js'
import { fromBase64Url } from '../encoding.js'
import { ApiError } from '../errors.js'
import {
  advanceCredentialCounter,
  type CounterUpdate,
  counterUpdate,
  credentialExists,
  selectCredentialForLogin,
} from './queries.js'
import { toCeremonyError } from './webauthnErrors.js'

type Executor = Kysely<Database> | Transaction<Database>

/** The stored credential an assertion was made with. */
export type AssertedCredential = NonNullable<Awaited<ReturnType<typeof selectCredentialForLogin>>>

/** A verified assertion, not yet committed: `commitAssertion` stores its counter. */
export interface VerifiedAssertion {
  credential: AssertedCredential
  /** The counter stored when the assertion was verified (the compare-and-set's old value). */
  storedCounter: number
  newCounter: number
  backedUp: boolean
}

/**
 * Verifies an assertion (sign-in or step-up) against `expectedChallenge`: the credential is
 * registered, the response names its owner, and WebAuthn §7.2 steps 11-22 hold (user verification
 * required). Throws `ApiError` 401 with the failed check's code (400 for an unparsable response).
 * `db` is the executor the caller runs in (a transaction's, inside one).
 */
export async function verifyPasskeyAssertion(
  db: Executor,
  config: ApiConfig,
  expectedChallenge: string,
  response: AuthenticationResponseJSON,
): Promise<VerifiedAssertion> {
  // WebAuthn §7.2 step 5-6: identify the credential by its id; with a discoverable credential,
  // userHandle must be present and name its owner.
  const credential = await selectCredentialForLogin(db, response.id)
  if (!credential) {
    throw new ApiError(401, 'CREDENTIAL_UNKNOWN', 'This passkey is not registered on this instance')
  }
  if (response.response.userHandle !== credential.webauthn_user_id) {
    throw new ApiError(401, 'USER_HANDLE_MISMATCH', 'The passkey response names a different user')
  }
  const storedCounter = Number(credential.counter)
  let verification: VerifiedAuthenticationResponse
  try {
    // WebAuthn §7.2 steps 11-22: type, challenge, origin, rpIdHash, UP/UV flags,
    // signature over authenticatorData || SHA-256(clientDataJSON), signature counter.
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: acceptedOrigins(config),
      expectedRPID: config.rpId,
      requireUserVerification: true,
      credential: {
        id: credential.id,
        publicKey: fromBase64Url(credential.public_key),
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
  return { credential, storedCounter, newCounter, backedUp: credentialBackedUp }
}

/**
 * WebAuthn §7.2 step 22, committed: stores the new counter (and BS flag, and last use) in the
 * transaction of the outcome, only if no other assertion moved it meanwhile; else 401
 * COUNTER_INVALID and the transaction rolls back.
 */
export async function commitAssertion(
  trx: Transaction<Database>,
  assertion: VerifiedAssertion,
  now: string,
  { mayBeRemoved = false }: { mayBeRemoved?: boolean } = {},
): Promise<void> {
  const update: CounterUpdate = {
    id: assertion.credential.id,
    oldCounter: assertion.storedCounter,
    newCounter: assertion.newCounter,
    backedUp: assertion.backedUp,
    now,
  }
  if (mayBeRemoved && isD1(trx)) {
    // The commit's batch checks that no other assertion moved the counter; a removed row passes.
    await guardAtCommit(
      trx,
      sql`not exists (select 1 from credentials where id = ${update.id} and counter <> ${update.oldCounter})`,
    )
    await counterUpdate(trx, update).execute()
    return
  }
  const advanced =
    (await advanceCredentialCounter(trx, update)) ||
    (mayBeRemoved && !(await credentialExists(trx, update.id)))
  if (!advanced) {
    throw new ApiError(
      401,
      'COUNTER_INVALID',
      'Another assertion of this passkey used the same counter value',
    )
  }
}
