import { type TestDatabases, useTestDatabases } from '@stratos/db/testing'
import { migrateJournal } from '../journal/migrateJournal.js'
import type { RelayerDatabase } from '../journal/schema.js'

export { DB_KINDS as JOURNAL_DB_KINDS } from '@stratos/db/testing'

/**
 * Test helper (call inside a `describe`): fresh journal databases of one engine (SQLite in
 * memory, or a new database in one throwaway PostgreSQL cluster per suite).
 */
export function useJournalDatabases(kind: 'sqlite' | 'postgres'): TestDatabases<RelayerDatabase> {
  return useTestDatabases<RelayerDatabase>(kind, { migrate: migrateJournal, poolSize: 8 })
}
