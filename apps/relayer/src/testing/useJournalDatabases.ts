import { createDatabase, type PostgresServer, startPostgres } from '@stratos/db'
import { type Kysely, sql } from 'kysely'
import pg from 'pg'
import { afterAll } from 'vitest'
import { migrateJournal } from '../journal/migrateJournal.js'
import type { RelayerDatabase } from '../journal/schema.js'

export const JOURNAL_DB_KINDS = ['sqlite', 'postgres'] as const
export type JournalDbKind = (typeof JOURNAL_DB_KINDS)[number]

export type JournalDatabases = {
  /** A fresh database with the journal's migrations applied (SQLite in memory, or a new PostgreSQL database). */
  fresh(): Promise<Kysely<RelayerDatabase>>
  /** Connection string of the PostgreSQL database `fresh()` made last, for a second pool (another relayer); undefined on SQLite. */
  url(): string | undefined
}

/**
 * Test helper (call inside a `describe`): fresh journal databases of one engine. For PostgreSQL
 * one throwaway cluster (Debian's binaries, `startPostgres`) serves the suite; each `fresh()`
 * creates a database in it. Everything is closed in `afterAll`.
 */
export function useJournalDatabases(kind: JournalDbKind): JournalDatabases {
  let server: Promise<PostgresServer> | undefined
  const open: Kysely<unknown>[] = []
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
      if (kind === 'sqlite') {
        const db = createDatabase({ kind, file: ':memory:' })
        open.push(db as Kysely<unknown>)
        await migrateJournal(db)
        return db as unknown as Kysely<RelayerDatabase>
      }
      server ??= startPostgres()
      const { url } = await server
      const admin = createDatabase({ kind, url, poolSize: 1 })
      const name = `relayer${process.pid}_${++counter}`
      await sql`create database ${sql.id(name)}`.execute(admin)
      await admin.destroy()
      lastUrl = url.replace(/\/[^/]*$/, `/${name}`)
      const db = createDatabase({ kind, url: lastUrl, poolSize: 8 })
      open.push(db as Kysely<unknown>)
      await migrateJournal(db)
      return db as unknown as Kysely<RelayerDatabase>
    },
    url: () => lastUrl,
  }
}

/** Waits until PostgreSQL has closed the sessions of destroyed pools (see apps/api's helper). */
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
