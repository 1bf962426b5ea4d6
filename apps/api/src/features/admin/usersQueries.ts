import type { Database } from '@stratos/db/portable'
import type { AdminUser } from '@stratos/schemas'
import { type Kysely, sql, type Transaction } from 'kysely'

type Executor = Kysely<Database> | Transaction<Database>

/** The columns of an {@link AdminUser}, with the passkey count and the Canton party. */
function selectAdminUsers(db: Executor) {
  return db
    .selectFrom('users')
    .leftJoin('canton_parties', 'canton_parties.user_id', 'users.id')
    .select((eb) => [
      'users.id',
      'users.display_name',
      'users.role',
      'users.created_at',
      'users.last_sign_in_at',
      'users.disabled_at',
      'canton_parties.party_id',
      eb
        .selectFrom('credentials')
        .select((inner) => inner.fn.countAll().as('n'))
        .whereRef('credentials.user_id', '=', 'users.id')
        .as('passkey_count'),
    ])
}

type AdminUserRow = Awaited<ReturnType<ReturnType<typeof selectAdminUsers>['executeTakeFirstOrThrow']>>

export function toAdminUser(row: AdminUserRow): AdminUser {
  return {
    id: row.id,
    displayName: row.display_name,
    role: row.role,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    disabledAt: row.disabled_at,
    passkeyCount: Number(row.passkey_count ?? 0),
    cantonPartyId: row.party_id,
  }
}

/** `text` for a LIKE pattern that matches it literally (with `escape '\'`). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

export interface UserPageQuery {
  query?: string | undefined
  role?: 'user' | 'admin' | undefined
  limit: number
  before?: string | undefined
}

/**
 * A page of users, newest first by (created_at, id): `limit` users created before the user
 * `before`. `query` matches part of the display name (ASCII letters in any case), or a whole user
 * id or Canton party id. Returns undefined when `before` names no user.
 */
export async function selectUserPage(
  db: Kysely<Database>,
  { query, role, limit, before }: UserPageQuery,
): Promise<{ users: AdminUser[]; nextBefore: string | null } | undefined> {
  let select = selectAdminUsers(db)
    .orderBy('users.created_at', 'desc')
    .orderBy('users.id', 'desc')
    .limit(limit + 1)
  if (query !== undefined) {
    const pattern = `%${likeLiteral(query.toLowerCase())}%`
    select = select.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref('users.display_name')}) like ${pattern} escape '\\'`,
        eb('users.id', '=', query),
        eb('canton_parties.party_id', '=', query),
      ]),
    )
  }
  if (role !== undefined) select = select.where('users.role', '=', role)
  if (before !== undefined) {
    const cursor = await db
      .selectFrom('users')
      .select(['created_at', 'id'])
      .where('id', '=', before)
      .executeTakeFirst()
    if (!cursor) return undefined
    select = select.where((eb) =>
      eb.or([
        eb('users.created_at', '<', cursor.created_at),
        eb.and([eb('users.created_at', '=', cursor.created_at), eb('users.id', '<', cursor.id)]),
      ]),
    )
  }
  const rows = await select.execute()
  const page = rows.slice(0, limit)
  return {
    users: page.map(toAdminUser),
    nextBefore: rows.length > limit ? page.at(-1)!.id : null,
  }
}

/** One user as admins see it, or undefined. */
export async function selectAdminUser(db: Executor, id: string): Promise<AdminUser | undefined> {
  const row = await selectAdminUsers(db).where('users.id', '=', id).executeTakeFirst()
  return row && toAdminUser(row)
}

/** The passkeys of a user, oldest first (no public keys). */
export function selectUserPasskeys(db: Executor, userId: string) {
  return db
    .selectFrom('credentials')
    .select(['id', 'wrapped_entropy', 'created_at', 'last_used_at', 'backed_up'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

/** Sessions of the user neither revoked nor expired at `now`. */
export async function countLiveSessions(db: Executor, userId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The user's role and state, read inside the roster lock (see `lockAdminRoster`). */
export function selectUserState(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'disabled_at'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function updateUser(
  trx: Transaction<Database>,
  id: string,
  set: { role?: 'user' | 'admin'; disabled_at?: string | null },
): Promise<void> {
  await trx.updateTable('users').set(set).where('id', '=', id).execute()
}
