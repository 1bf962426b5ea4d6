/** The durable intent journal (SQLite or PostgreSQL), fenced by the leader's token. */
export { type CreateJournalReturnType, createJournal, JOURNAL_TRANSITIONS } from './createJournal.js'
export { JOURNAL_MIGRATION_LOCK_TABLE, JOURNAL_MIGRATION_TABLE, migrateJournal } from './migrateJournal.js'
export { journalMigrations } from './migrations/index.js'
export { openJournal } from './openJournal.js'
export type { RelayerDatabase, RelayerFenceTable, RelayerIntentsTable, RelayerTxsTable } from './schema.js'
