/**
 * Database schema, migrations and engine wiring (SQLite, PostgreSQL).
 * Test helpers (throwaway PostgreSQL, fresh databases per test) are on `@stratos/db/testing`.
 */

export * from './audit/index.js'
export {
  BACKUP_SCRYPT,
  BackupError,
  type BackupErrorCode,
  type BackupManifest,
  type CreateBackupParameters,
  type CreateBackupReturnType,
  createBackup,
  findPostgresBin,
  type HoldInstanceLockOptions,
  holdInstanceLock,
  INSTANCE_LOCK_KEY,
  type InstanceLock,
  lockInstanceForRestore,
  MIN_PASSPHRASE_LENGTH,
  type RestoreBackupParameters,
  type RestoreBackupReturnType,
  readBackupHeader,
  restoreBackup,
} from './backup/index.js'
export {
  createDatabase,
  type DatabaseConfig,
  type DatabaseOptions,
  databaseConfigFromEnv,
  type QueryEvent,
  type StatementKind,
  sqliteFileExposure,
} from './createDatabase.js'
export { freePort } from './freePort.js'
export { CODE_SCHEMA_VERSION, migrateToLatest, type SchemaStatus, schemaStatus } from './migrate.js'
export { migrations } from './migrations/index.js'
export * from './schema.js'
