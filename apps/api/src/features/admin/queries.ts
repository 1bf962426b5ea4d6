import type { Database } from '@stratos/db'
import type { Kysely } from 'kysely'

export function selectAllUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'created_at'])
    .orderBy('created_at')
    .execute()
}
