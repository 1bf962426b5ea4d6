import type { Database } from '@stratos/db/portable'
import type { Kysely, Transaction } from 'kysely'

type Executor = Kysely<Database> | Transaction<Database>

export function selectGuardianKey(db: Executor, userId: string) {
  return db.selectFrom('guardian_keys').select('public_key').where('user_id', '=', userId).executeTakeFirst()
}

/** Inserts or replaces the user's guardian key; returns the key it replaced, if any. */
export async function upsertGuardianKey(
  db: Executor,
  userId: string,
  publicKey: string,
  now: string,
): Promise<string | undefined> {
  const before = await selectGuardianKey(db, userId)
  await db
    .insertInto('guardian_keys')
    .values({ user_id: userId, public_key: publicKey, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ public_key: publicKey, updated_at: now }))
    .execute()
  return before?.public_key
}

export function selectSetup(db: Executor, userId: string) {
  return db
    .selectFrom('recovery_setups')
    .select(['threshold', 'updated_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

/** The guardians of a setup with their display names, by share index. */
export function selectSetupGuardians(db: Executor, userId: string) {
  return db
    .selectFrom('recovery_shares')
    .innerJoin('users', 'users.id', 'recovery_shares.guardian_user_id')
    .select(['recovery_shares.guardian_user_id', 'recovery_shares.share_index', 'users.display_name'])
    .where('recovery_shares.user_id', '=', userId)
    .orderBy('recovery_shares.share_index')
    .execute()
}

/** Users among `ids` that have published a guardian key and are not disabled. */
export function selectGuardianCandidates(db: Executor, ids: string[]) {
  return db
    .selectFrom('users')
    .innerJoin('guardian_keys', 'guardian_keys.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'guardian_keys.public_key'])
    .where('users.id', 'in', ids)
    .where('users.disabled_at', 'is', null)
    .execute()
}

/** Enabled users with exactly this display name and a guardian key, other than `exceptUserId`. */
export function selectGuardiansByName(db: Executor, displayName: string, exceptUserId: string) {
  return db
    .selectFrom('users')
    .innerJoin('guardian_keys', 'guardian_keys.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'guardian_keys.public_key'])
    .where('users.display_name', '=', displayName)
    .where('users.disabled_at', 'is', null)
    .where('users.id', '!=', exceptUserId)
    .orderBy('users.created_at')
    .limit(20)
    .execute()
}

/** Replaces the user's setup and its shares. */
export async function replaceSetup(
  trx: Transaction<Database>,
  userId: string,
  setup: {
    threshold: number
    shares: { guardianId: string; shareIndex: number; sealedShare: string }[]
    now: string
  },
): Promise<void> {
  await deleteSetup(trx, userId)
  await trx
    .insertInto('recovery_setups')
    .values({ user_id: userId, threshold: setup.threshold, updated_at: setup.now })
    .execute()
  await trx
    .insertInto('recovery_shares')
    .values(
      setup.shares.map((s) => ({
        user_id: userId,
        guardian_user_id: s.guardianId,
        share_index: s.shareIndex,
        sealed_share: s.sealedShare,
        created_at: setup.now,
      })),
    )
    .execute()
}

/** Deletes the user's setup and shares; true if there was one. */
export async function deleteSetup(db: Executor, userId: string): Promise<boolean> {
  await db.deleteFrom('recovery_shares').where('user_id', '=', userId).execute()
  const result = await db.deleteFrom('recovery_setups').where('user_id', '=', userId).executeTakeFirst()
  return result.numDeletedRows === 1n
}

/** The user's requests created or closed since `since`, or still pending, newest first, with approvals. */
export function selectOwnRequests(db: Executor, userId: string, since: string) {
  return db
    .selectFrom('recovery_requests')
    .select((eb) => [
      'id',
      'status',
      'threshold',
      'ephemeral_public_key',
      'created_at',
      'expires_at',
      'closed_at',
      eb
        .selectFrom('recovery_approvals')
        .select((e) => e.fn.countAll<string | number | bigint>().as('n'))
        .whereRef('recovery_approvals.request_id', '=', 'recovery_requests.id')
        .as('approvals'),
    ])
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([eb('status', '=', 'pending'), eb('closed_at', '>=', since), eb('created_at', '>=', since)]),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(20)
    .execute()
}

export function selectRequest(db: Executor, id: string) {
  return db.selectFrom('recovery_requests').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function countApprovals(db: Executor, requestId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_approvals')
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function selectApprovals(db: Executor, requestId: string) {
  return db
    .selectFrom('recovery_approvals')
    .select(['guardian_user_id', 'share_index', 'sealed_share'])
    .where('request_id', '=', requestId)
    .orderBy('share_index')
    .execute()
}

/**
 * Closes a pending request (completed or cancelled) and drops its re-sealed shares; false when it
 * was no longer pending (another request closed it first).
 */
export async function closeRequest(
  db: Executor,
  id: string,
  status: 'completed' | 'cancelled',
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('recovery_requests')
    .set({ status, closed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  if (result.numUpdatedRows !== 1n) return false
  await db.deleteFrom('recovery_approvals').where('request_id', '=', id).execute()
  return true
}

/** Cancels every pending request of the user (their shares changed); returns their ids. */
export async function cancelPendingRequests(trx: Transaction<Database>, userId: string, now: string) {
  const pending = await trx
    .selectFrom('recovery_requests')
    .select('id')
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .execute()
  for (const { id } of pending) await closeRequest(trx, id, 'cancelled', now)
  return pending.map((r) => r.id)
}

/** Pending, unexpired requests of accounts `guardianId` holds a share of, with that share. */
export function selectGuardianRequests(db: Executor, guardianId: string, now: string) {
  return db
    .selectFrom('recovery_requests')
    .innerJoin('recovery_shares', (join) =>
      join
        .onRef('recovery_shares.user_id', '=', 'recovery_requests.user_id')
        .on('recovery_shares.guardian_user_id', '=', guardianId),
    )
    .innerJoin('users', 'users.id', 'recovery_requests.user_id')
    .leftJoin('recovery_approvals', (join) =>
      join
        .onRef('recovery_approvals.request_id', '=', 'recovery_requests.id')
        .on('recovery_approvals.guardian_user_id', '=', guardianId),
    )
    .select([
      'recovery_requests.id',
      'recovery_requests.user_id',
      'users.display_name',
      'recovery_requests.created_at',
      'recovery_requests.expires_at',
      'recovery_requests.ephemeral_public_key',
      'recovery_shares.share_index',
      'recovery_shares.sealed_share',
      'recovery_approvals.created_at as approved_at',
    ])
    .where('recovery_requests.status', '=', 'pending')
    .where('recovery_requests.expires_at', '>', now)
    .orderBy('recovery_requests.created_at', 'desc')
    .execute()
}

export function selectShare(db: Executor, userId: string, guardianId: string) {
  return db
    .selectFrom('recovery_shares')
    .select(['share_index'])
    .where('user_id', '=', userId)
    .where('guardian_user_id', '=', guardianId)
    .executeTakeFirst()
}

/** Inserts an approval; false when this guardian already approved this request. */
export async function insertApproval(
  db: Executor,
  row: { requestId: string; guardianId: string; shareIndex: number; sealedShare: string; now: string },
): Promise<boolean> {
  const result = await db
    .insertInto('recovery_approvals')
    .values({
      request_id: row.requestId,
      guardian_user_id: row.guardianId,
      share_index: row.shareIndex,
      sealed_share: row.sealedShare,
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(['request_id', 'guardian_user_id']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

/**
 * The account a recovery names: by id, else the users with a setup and exactly this display name.
 * A disabled account is never recoverable (an admin disabled it; recovery would sign it in).
 */
export async function selectRecoverableAccounts(db: Executor, account: string) {
  const byId = await db
    .selectFrom('users')
    .innerJoin('recovery_setups', 'recovery_setups.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'recovery_setups.threshold'])
    .where('users.id', '=', account)
    .where('users.disabled_at', 'is', null)
    .execute()
  if (byId.length > 0) return byId
  return db
    .selectFrom('users')
    .innerJoin('recovery_setups', 'recovery_setups.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'recovery_setups.threshold'])
    .where('users.display_name', '=', account)
    .where('users.disabled_at', 'is', null)
    .limit(2)
    .execute()
}

export async function countShares(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_shares')
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function insertRequest(
  db: Executor,
  row: {
    id: string
    userId: string
    tokenHash: string
    ephemeralPublicKey: string
    threshold: number
    now: string
    expiresAt: string
  },
) {
  return db
    .insertInto('recovery_requests')
    .values({
      id: row.id,
      user_id: row.userId,
      token_hash: row.tokenHash,
      ephemeral_public_key: row.ephemeralPublicKey,
      threshold: row.threshold,
      status: 'pending',
      created_at: row.now,
      expires_at: row.expiresAt,
      closed_at: null,
    })
    .execute()
}

/** Pending, unexpired requests of every user, for admins: no token, no key, no share. */
export function selectPendingRequests(db: Executor, now: string) {
  return db
    .selectFrom('recovery_requests')
    .innerJoin('users', 'users.id', 'recovery_requests.user_id')
    .select((eb) => [
      'recovery_requests.id',
      'recovery_requests.user_id',
      'users.display_name',
      'recovery_requests.created_at',
      'recovery_requests.expires_at',
      'recovery_requests.threshold',
      eb
        .selectFrom('recovery_approvals')
        .select((e) => e.fn.countAll<string | number | bigint>().as('n'))
        .whereRef('recovery_approvals.request_id', '=', 'recovery_requests.id')
        .as('approvals'),
    ])
    .where('recovery_requests.status', '=', 'pending')
    .where('recovery_requests.expires_at', '>', now)
    .orderBy('recovery_requests.created_at', 'desc')
    .limit(200)
    .execute()
}

/** What a new passkey of an existing user is created with, and their passkeys to exclude. */
export async function selectPasskeyUser(db: Executor, userId: string) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'webauthn_user_id'])
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!user) return undefined
  const credentials = await db
    .selectFrom('credentials')
    .select(['id', 'transports'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute()
  return { ...user, credentials }
}
