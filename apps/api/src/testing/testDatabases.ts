import {
  createDatabase,
  type Database,
  migrateToLatest,
  type PostgresServer,
  startPostgres,
} from '@stratos/db'
import { type Kysely, sql } from 'kysely'
import pg from 'pg'
import { afterAll } from 'vitest'

export const DB_KINDS = ['sqlite', 'postgres'] as const
export type DbKind = (typeof DB_KINDS)[number]

export interface TestDatabases {
  /** A fresh, migrated, empty database (SQLite in memory, or a new PostgreSQL database). */
  fresh(): Promise<Kysely<Database>>
}

/**
 * Test helper (inside a `describe`): hands out fresh databases of one engine. For PostgreSQL one
 * throwaway cluster is started for the suite on first use and each call creates a new database
 * in it; everything is closed in afterAll.
 */
export function useTestDatabases(kind: DbKind): TestDatabases {
  let server: Promise<PostgresServer> | undefined
  const open: Kysely<Database>[] = []
  let counter = 0
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
      let db: Kysely<Database>
      if (kind === 'sqlite') {
        db = createDatabase({ kind, file: ':memory:' })
      } else {
        server ??= startPostgres()
        const { url } = await server
        const admin = createDatabase({ kind, url, poolSize: 1 })
        const name = `t${process.pid}_${++counter}`
        await sql`create database ${sql.id(name)}`.execute(admin)
        await admin.destroy()
        db = createDatabase({ kind, url: url.replace(/\/[^/]*$/, `/${name}`), poolSize: 4 })
      }
      open.push(db)
      await migrateToLatest(db)
      return db
    },
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
