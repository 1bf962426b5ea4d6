import type { Database } from '@stratos/db/portable'
import type { Kysely } from 'kysely'
import { ACCOUNT_INDEX } from '../accounts/queries.js'
import { ApiError } from '../errors.js'

/** The user's Canton party, if onboarded. */
export function selectCantonParty(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('canton_parties')
    .select(['party_id', 'fingerprint'])
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

/** The user's party, or 409 CANTON_NOT_ONBOARDED. */
export async function requireParty(db: Kysely<Database>, userId: string) {
  const party = await selectCantonParty(db, userId)
  if (!party)
    throw new ApiError(
      409,
      'CANTON_NOT_ONBOARDED',
      'You have no Canton party yet: unlock your wallet to set it up',
    )
  return party
}

/** The Canton key fingerprint the browser registered for the user at account creation. */
export async function selectCantonAddress(db: Kysely<Database>, userId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('addresses')
    .select('address')
    .where('user_id', '=', userId)
    .where('chain', '=', 'canton')
    .where('account_index', '=', ACCOUNT_INDEX)
    .executeTakeFirst()
  return row?.address
}

/** Stores the party; false when the user (or the party) already has a row, which is kept. */
export async function insertCantonParty(
  db: Kysely<Database>,
  row: { userId: string; partyId: string; fingerprint: string; now: string },
): Promise<boolean> {
  const result = await db
    .insertInto('canton_parties')
    .values({ user_id: row.userId, party_id: row.partyId, fingerprint: row.fingerprint, created_at: row.now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0
}

/** The user's display name (the party hint is made from it). */
export async function selectDisplayName(db: Kysely<Database>, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst()
  return row?.display_name
}
