import type { Database } from '@stratos/db'
import type { Kysely } from 'kysely'

export function selectAllUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'created_at'])
    .orderBy('created_at')
    .execute()
}

/** Creates or replaces one `instance_settings` row (value: JSON text). */
export function upsertSetting(db: Kysely<Database>, key: string, value: unknown, now: Date) {
  const row = { key, value: JSON.stringify(value), updated_at: now.toISOString() }
  return db
    .insertInto('instance_settings')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at }))
    .execute()
}
