/**
 * Database schema, migrations and engine wiring (SQLite, PostgreSQL).
 * Test helpers (throwaway PostgreSQL, fresh databases per test) are on `@stratos/db/testing`.
 */
export { createDatabase, type DatabaseConfig, databaseConfigFromEnv } from './createDatabase.js'
export { freePort } from './freePort.js'
export { migrateToLatest } from './migrate.js'
export { migrations } from './migrations/index.js'
export * from './schema.js'
