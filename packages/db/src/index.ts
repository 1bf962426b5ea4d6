/** Database schema, migrations and engine wiring (SQLite, PostgreSQL; D1 in the Worker adapter). */
export { createDatabase, type DatabaseConfig, databaseConfigFromEnv } from './createDatabase.js'
export { migrateToLatest } from './migrate.js'
export { migrations } from './migrations/index.js'
export * from './schema.js'
export { findPostgresBin, freePort, type PostgresServer, startPostgres } from './startPostgres.js'
