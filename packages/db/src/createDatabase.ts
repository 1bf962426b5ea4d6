import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.js'

export type DatabaseConfig =
  /** Embedded SQLite file (created with its folder if missing), or `:memory:`. */
  | { kind: 'sqlite'; file: string }
  /** PostgreSQL connection string, `postgres://user@host:port/db`. */
  | { kind: 'postgres'; url: string; poolSize?: number }

/**
 * Opens the instance database on Node. The Worker adapter builds its own Kysely over D1;
 * everything above this function is engine-agnostic.
 */
export function createDatabase(config: DatabaseConfig): Kysely<Database> {
  if (config.kind === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true })
    const sqlite = new BetterSqlite3(config.file)
    // WAL lets readers proceed while a login writes; foreign keys are off by default in SQLite.
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
  }
  const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 })
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

const STATEMENT_CACHE_SIZE = 256

/**
 * Kysely's SQLite driver prepares every query anew; compiling the SQL took about 6% of a login's
 * CPU. The app issues a small, fixed set of query shapes, so prepared statements are kept by SQL
 * text (bounded, oldest evicted). SQLite re-prepares a cached statement itself after a schema change.
 */
function withStatementCache(sqlite: BetterSqlite3.Database) {
  const cache = new Map<string, BetterSqlite3.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql)
      if (!statement) {
        statement = sqlite.prepare(sql)
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!)
        cache.set(sql, statement)
      }
      return statement
    },
  }
}

/** Reads `DATABASE_URL` (postgres://…) or falls back to a SQLite file. */
export function databaseConfigFromEnv(
  env: Record<string, string | undefined>,
  sqliteFile: string,
): DatabaseConfig {
  const url = env.DATABASE_URL
  if (url?.startsWith('postgres://') || url?.startsWith('postgresql://')) return { kind: 'postgres', url }
  if (url?.startsWith('sqlite:')) return { kind: 'sqlite', file: url.slice('sqlite:'.length) }
  return { kind: 'sqlite', file: sqliteFile }
}
