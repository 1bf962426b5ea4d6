import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll } from 'vitest'
import { createDatabase } from '../createDatabase.js'
import { type PostgresServer, startPostgres } from './startPostgres.js'

/** The engines every database test runs on. */
export const DB_KINDS = ['sqlite', 'postgres'] as const
export type DbKind = (typeof DB_KINDS)[number]

export interface UseTestDatabasesOptions<DB> {
  /** Brings a fresh database to the schema the tests expect (e.g. `migrateToLatest`). */
  migrate(db: Kysely<DB>): Promise<unknown>
  /** Connections per PostgreSQL pool. Default 4. */
  poolSize?: number
}

export interface TestDatabases<DB> {
  /** A fresh, migrated, empty database (SQLite in memory, or a new PostgreSQL database). */
  fresh(): Promise<Kysely<DB>>
  /** Connection string of the PostgreSQL database `fresh()` made last (for a second pool); undefined on SQLite. */
  url(): string | undefined
}

/**
 * Test helper (inside a `describe`): hands out fresh databases of one engine. For PostgreSQL one
 * throwaway cluster is started for the suite on first use and each call creates a new database
 * in it; everything is closed in afterAll.
 */
export function useTestDatabases<DB>(kind: DbKind, options: UseTestDatabasesOptions<DB>): TestDatabases<DB> {
  let server: Promise<PostgresServer> | undefined
  const open: Kysely<DB>[] = []
  let counter = 0
  let lastUrl: string | undefined
  afterAll(async () => {
    await Promise.all(open.map((db) => db.destroy()))
    if (server) {
      const { url, stop } = await server
      await waitForDisconnects(url)
      await stop()
    }
  })
  return {
    async fresh() {
      let db: Kysely<DB>
      if (kind === 'sqlite') {
        db = createDatabase({ kind, file: ':memory:' }) as unknown as Kysely<DB>
      } else {
        server ??= startPostgres()
        const { url } = await server
        const admin = createDatabase({ kind, url, poolSize: 1 })
        const name = `t${process.pid}_${++counter}`
        await sql`create database ${sql.id(name)}`.execute(admin)
        await admin.destroy()
        lastUrl = url.replace(/\/[^/]*$/, `/${name}`)
        db = createDatabase({ kind, url: lastUrl, poolSize: options.poolSize ?? 4 }) as unknown as Kysely<DB>
      }
      open.push(db)
      await options.migrate(db)
      return db
    },
    url: () => lastUrl,
  }
}

/**
 * Kysely's destroy() (pg Pool.end) resolves before the server has closed the sessions; stopping
 * PostgreSQL in that window makes it send "terminating connection" to clients that no longer
 * listen. Wait until only this checking session is left.
 */
async function waitForDisconnects(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {})
  await client.connect()
  try {
    const deadline = Date.now() + 5_000
    while (Date.now() < deadline) {
      const { rows } = await client.query(
        "select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
      )
      if (rows[0].n === 0) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  } finally {
    await client.end()
  }
}
