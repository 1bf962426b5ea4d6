import { type Database, guardAtCommit, isD1 } from '@stratos/db/portable'
import { type Kysely, sql, type Transaction } from 'kysely'
import { ApiError } from '../errors.js'
import { SETTINGS } from '../instanceSettings.js'

type Executor = Kysely<Database> | Transaction<Database>

/** The most admins an instance allows until an admin sets another number. */
export const DEFAULT_MAX_ADMINS = 5

function parseMaxAdmins(value: string | undefined): number {
  const parsed = value === undefined ? undefined : (JSON.parse(value) as unknown)
  return typeof parsed === 'number' && Number.isInteger(parsed) && parsed >= 1 ? parsed : DEFAULT_MAX_ADMINS
}

/** The most admins the instance allows (the setting, else {@link DEFAULT_MAX_ADMINS}). */
export async function readMaxAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', SETTINGS.maxAdmins)
    .executeTakeFirst()
  return parseMaxAdmins(row?.value)
}

/**
 * Serialises every change of who is an admin (promote, demote, disable, enable, an admin invite
 * used, the maximum changed): the first statement of each such transaction. It writes the
 * max-admins setting row onto itself (inserting the default the first time), which holds that
 * row's lock until the transaction ends. On PostgreSQL a second such transaction waits here, and
 * its later statements see what the first committed (READ COMMITTED reads a new snapshot per
 * statement); SQLite runs one write transaction at a time. So the admin count read after this
 * call stays true until commit: two admins demoting each other at once leave one admin.
 * Returns the maximum number of admins.
 */
export async function lockAdminRoster(trx: Transaction<Database>, now: Date): Promise<number> {
  // D1 has no lock to take: the caller ends its change with `guardAdminRoster` instead.
  if (isD1(trx)) return readMaxAdmins(trx)
  const row = await trx
    .insertInto('instance_settings')
    .values({
      key: SETTINGS.maxAdmins,
      value: JSON.stringify(DEFAULT_MAX_ADMINS),
      updated_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('instance_settings.value') })))
    .returning('value')
    .executeTakeFirstOrThrow()
  return parseMaxAdmins(row.value)
}

/**
 * Last step of a change of who is an admin, for D1 (elsewhere `lockAdminRoster` already keeps the
 * count true): the commit's batch checks that the instance still has between `min` and
 * `maxAdmins` enabled admins after the change, and is aborted otherwise; the change then runs again
 * on what the concurrent one committed and refuses with LAST_ADMIN or ADMIN_LIMIT.
 */
export async function guardAdminRoster(
  trx: Transaction<Database>,
  maxAdmins: number,
  min: 0 | 1,
): Promise<void> {
  await guardAtCommit(
    trx,
    sql`(select count(*) from users where role = 'admin' and disabled_at is null) between ${min} and ${maxAdmins}`,
  )
}

/** Enabled accounts with the admin role. */
export async function countEnabledAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** 409 ADMIN_LIMIT: one more admin would exceed the instance's maximum. */
export function adminLimitReached(maxAdmins: number): ApiError {
  return new ApiError(
    409,
    'ADMIN_LIMIT',
    `This instance allows at most ${maxAdmins} admins and has that many: demote or disable an admin first, or raise the maximum in the users settings`,
  )
}
