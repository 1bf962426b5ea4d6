import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import { type QueryEvent, queryEventOf } from './queryEvents.js'
import type { Database } from './schema.js'

export type DatabaseConfig =
  /** Embedded SQLite file (created with its folder if missing), or `:memory:`. */
  | { kind: 'sqlite'; file: string }
  /** PostgreSQL connection string, `postgres://user@host:port/db`. */
  | { kind: 'postgres'; url: string; poolSize?: number }

export interface DatabaseOptions {
  /** Told of every statement, after it ran (e.g. to time queries). Never sees SQL or parameters. */
  onQuery?: (query: QueryEvent) => void
}

/**
 * Opens the instance database on Node. On Cloudflare the Worker opens D1 with `createD1Database`
 * (`@stratos/db/portable`); the code above both runs on every engine, within D1's transaction rules.
 */
export function createDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): Kysely<Database> {
  const { onQuery } = options
  // Kysely times statements only when it has a log function.
  const logging = onQuery ? { log: (event: LogEvent) => onQuery(queryEventOf(event)) } : {}
  if (config.kind === 'sqlite') {
    if (config.file !== ':memory:') {
      // The database holds sessions and sealed secrets: only its owner may read it. A new folder is
      // 0700 and a new file 0600 (created here before SQLite opens it: its -wal and -shm files
      // take the database file's mode).
      mkdirSync(dirname(config.file), { recursive: true, mode: 0o700 })
      closeSync(openSync(config.file, 'a', 0o600))
    }
    const sqlite = new BetterSqlite3(config.file)
    // WAL lets readers proceed while a login writes; foreign keys are off by default in SQLite.
    // synchronous = FULL: every commit is fsynced to the WAL before it returns, so an acknowledged
    // write survives a crash of the process and of the machine (power loss). better-sqlite3's
    // build defaults WAL databases to NORMAL, which can lose the last commits on power loss.
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    const dialect = new SqliteDialect({ database: withStatementCache(sqlite) })
    return new Kysely<Database>({ dialect, ...logging })
  }
  const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 })
  // The server ending an idle connection (restart, failover, admin command) is emitted on the pool;
  // unhandled it would crash the process. The pool drops that client and connects anew on next use.
  pool.on('error', () => {})
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...logging })
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

/**
 * What about a SQLite database's files lets anyone but their owner in: the database file (and its
 * -wal/-shm) or, with `folder` (a data folder of the instance's own), the folder granting group or
 * other access. Empty when they are private.
 */
export function sqliteFileExposure(file: string, { folder = false } = {}): string[] {
  const problems: string[] = []
  const check = (path: string, wanted: string) => {
    if (!existsSync(path)) return
    const mode = statSync(path).mode & 0o777
    if (mode & 0o077)
      problems.push(
        `${path} is open to other users (mode ${mode.toString(8).padStart(4, '0')}): chmod ${wanted} ${path}`,
      )
  }
  if (folder) check(dirname(file), '700')
  for (const path of [file, `${file}-wal`, `${file}-shm`]) check(path, '600')
  return problems
}
