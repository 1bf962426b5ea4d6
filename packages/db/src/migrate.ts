import { type Kysely, Migrator, sql } from 'kysely'
import { isD1 } from './d1/createD1Database.js'
import { migrations } from './migrations/index.js'
import type { Database } from './schema.js'

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } })
}

/** Applies every pending migration; throws with the failing migration's name and cause. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed`.replace('  ', ' '), {
      cause: error,
    })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** The last migration this code knows: the schema version a database must have to be served. */
export const CODE_SCHEMA_VERSION: string = Object.keys(migrations).sort().at(-1)!

/** How a database's schema compares with this code's migrations. */
export interface SchemaStatus {
  /** The last migration applied to the database, or null for an empty database. */
  version: string | null
  /** Migrations this code has and the database has not applied, in order. */
  pending: string[]
  /** Migrations the database has applied that this code does not know (it was migrated by newer code). */
  unknown: string[]
  /** `current` when nothing is pending or unknown. */
  state: 'current' | 'behind' | 'ahead'
}

/**
 * Reads the applied migrations without changing anything: Kysely's `kysely_migration` table
 * (`stratos migrate`), or on D1 wrangler's `d1_migrations` (`wrangler d1 migrations apply`, whose
 * files are the same migrations as SQL, `NNNN_name.sql`).
 */
export async function schemaStatus(db: Kysely<Database>): Promise<SchemaStatus> {
  const tables = await tableNames(db)
  const has = (name: string) => tables.includes(name)
  const applied = has('kysely_migration')
    ? (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map(
        (row) => row.name,
      )
    : has('d1_migrations')
      ? (await sql<{ name: string }>`select name from d1_migrations order by name`.execute(db)).rows.map(
          (row) => row.name.replace(/\.sql$/, ''),
        )
      : []
  const known = Object.keys(migrations).sort()
  const unknown = applied.filter((name) => !known.includes(name))
  const pending = known.filter((name) => !applied.includes(name))
  return {
    version: applied.at(-1) ?? null,
    pending,
    unknown,
    state: unknown.length > 0 ? 'ahead' : pending.length > 0 ? 'behind' : 'current',
  }
}

/**
 * The database's tables. On D1 from `sqlite_master` itself: Kysely's introspection also reads each
 * table's columns, and D1 refuses that for its internal tables (`_cf_*`).
 */
async function tableNames(db: Kysely<Database>): Promise<string[]> {
  if (isD1(db)) {
    const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
      db,
    )
    return rows.map((row) => row.name)
  }
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true })
  return tables.map((table) => table.name)
}
