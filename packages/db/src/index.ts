/**
 * Database schema, migrations and engine wiring (SQLite, PostgreSQL on Node; D1 through
 * `@stratos/db/portable`, which this re-exports). Test helpers (throwaway PostgreSQL, fresh
 * databases per test) are on `@stratos/db/testing`.
 */

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
  sqliteFileExposure,
} from './createDatabase.js'
export { freePort } from './freePort.js'
export * from './portable.js'
