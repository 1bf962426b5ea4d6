import type { ChallengeRow, Database, NewCredential, NewUser } from '@stratos/db/portable'
import { expectRows } from '@stratos/db/portable'
import type { Kysely, Transaction } from 'kysely'

type Executor = Kysely<Database> | Transaction<Database>

export function insertChallenge(db: Executor, row: ChallengeRow) {
  return db.insertInto('challenges').values(row).execute()
}

export function selectChallenge(db: Executor, id: string, purpose: ChallengeRow['purpose']) {
  return db
    .selectFrom('challenges')
    .selectAll()
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .executeTakeFirst()
}

/**
 * Deletes the challenge; true if this call deleted it. Run inside the transaction that commits
 * the ceremony's outcome, it is the single-use lock: of two requests answering the same
 * challenge, exactly one deletes the row and the other's transaction rolls back.
 */
export async function deleteChallenge(db: Executor, id: string): Promise<boolean> {
  return expectRows(db, db.deleteFrom('challenges').where('id', '=', id), 1)
}

/** How many unexpired challenges `client` holds at `now`, and when the oldest of them expires. */
export async function selectClientChallenges(db: Executor, client: string, now: string) {
  const row = await db
    .selectFrom('challenges')
    .select((eb) => [
      eb.fn.countAll<string | number | bigint>().as('n'),
      eb.fn.min('expires_at').as('oldest'),
    ])
    .where('client', '=', client.slice(0, 64))
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow()
  return { count: Number(row.n), oldestExpiry: row.oldest as string | null }
}

export function deleteExpiredChallenges(db: Executor, now: string) {
  return db.deleteFrom('challenges').where('expires_at', '<=', now).execute()
}

/** The credential with its owner's WebAuthn user handle. */
export function selectCredentialForLogin(db: Executor, credentialId: string) {
  return db
    .selectFrom('credentials')
    .innerJoin('users', 'users.id', 'credentials.user_id')
    .select([
      'credentials.id',
      'credentials.user_id',
      'credentials.public_key',
      'credentials.counter',
      'credentials.transports',
      'credentials.wrapped_entropy',
      'credentials.aaguid',
      'credentials.attested_model',
      'users.webauthn_user_id',
    ])
    .where('credentials.id', '=', credentialId)
    .executeTakeFirst()
}

/** Ids and transports of the user's passkeys (for `excludeCredentials` and `allowCredentials`). */
export function selectCredentialDescriptors(db: Executor, userId: string) {
  return db
    .selectFrom('credentials')
    .select(['id', 'transports'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute()
}

/** The authenticator model the passkey's attestation proved at registration, or null. */
export async function selectAttestedModel(db: Executor, credentialId: string): Promise<string | null> {
  const row = await db
    .selectFrom('credentials')
    .select('attested_model')
    .where('id', '=', credentialId)
    .executeTakeFirst()
  return row?.attested_model ?? null
}

export async function credentialExists(db: Executor, credentialId: string): Promise<boolean> {
  const row = await db
    .selectFrom('credentials')
    .select('id')
    .where('id', '=', credentialId)
    .executeTakeFirst()
  return row !== undefined
}

export function insertUser(db: Executor, user: NewUser) {
  return db.insertInto('users').values(user).execute()
}

export function insertCredential(db: Executor, credential: NewCredential) {
  return db.insertInto('credentials').values(credential).execute()
}

/** A passkey's new signature counter, and the one it must still have to take it. */
export interface CounterUpdate {
  id: string
  oldCounter: number
  newCounter: number
  backedUp: boolean
  now: string
}

/** The UPDATE that stores `update` where the passkey still has the old counter. */
export function counterUpdate(db: Executor, update: CounterUpdate) {
  return db
    .updateTable('credentials')
    .set({ counter: update.newCounter, backed_up: update.backedUp ? 1 : 0, last_used_at: update.now })
    .where('id', '=', update.id)
    .where('counter', '=', update.oldCounter)
}

/**
 * Stores the new signature counter only if it still moves forward (or both are zero, for
 * authenticators without a counter), so two concurrent logins cannot both pass with one value.
 * Returns false when another login got there first.
 */
export async function advanceCredentialCounter(db: Executor, update: CounterUpdate): Promise<boolean> {
  return expectRows(db, counterUpdate(db, update), 1)
}
