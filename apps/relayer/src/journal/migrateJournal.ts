import { type Kysely, Migrator } from 'kysely'
import { journalMigrations } from './migrations/index.js'

/**
 * Kysely keeps the journal's migration history in tables of its own, so the relayer's tables can
 * live in the API's database without either migrator seeing the other's migrations.
 */
export const JOURNAL_MIGRATION_TABLE = 'relayer_kysely_migration'
export const JOURNAL_MIGRATION_LOCK_TABLE = 'relayer_kysely_migration_lock'

/** Applies every pending journal migration; returns the names applied, throws naming the failed one. */
export async function migrateJournal<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => journalMigrations },
    migrationTableName: JOURNAL_MIGRATION_TABLE,
    migrationLockTableName: JOURNAL_MIGRATION_LOCK_TABLE,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`relayer journal migration ${failed?.migrationName ?? '(setup)'} failed`, {
      cause: error,
    })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
