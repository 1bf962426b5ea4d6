import type { Kysely } from 'kysely'

/**
 * Dock apps and their grants (issue 14): third-party web apps an instance's admins place in the
 * wallet's dock, and what each user lets each of them see.
 *
 * - dock_apps: one row per app; `origin` (of `url`) is the app's identity, one app per origin;
 *   `networks` and `permissions` are JSON arrays of strings; `icon` a data: URL or null; booleans
 *   as 0/1.
 * - dock_grants: per user and app, the accounts and networks the user granted (JSON arrays); gone
 *   with the app or the user (foreign keys with cascade, which SQLite, PostgreSQL and D1 enforce).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dock_apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('icon', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull().unique())
    .addColumn('networks', 'text', (c) => c.notNull())
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('dock_grants')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('app_id', 'text', (c) => c.notNull().references('dock_apps.id').onDelete('cascade'))
    .addColumn('accounts', 'text', (c) => c.notNull())
    .addColumn('networks', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dock_grants_pk', ['user_id', 'app_id'])
    .execute()
}
