/** Backups and restores of the instance database, and the instance lock that keeps them apart. */
export {
  type HoldInstanceLockOptions,
  holdInstanceLock,
  INSTANCE_LOCK_KEY,
  type InstanceLock,
  lockInstanceForRestore,
} from '../instanceLock.js'
export { BackupError, type BackupErrorCode } from './BackupError.js'
export { BACKUP_SCRYPT, MIN_PASSPHRASE_LENGTH } from './backupEncryption.js'
export { type BackupManifest, readBackupHeader } from './backupFormat.js'
export { type CreateBackupParameters, type CreateBackupReturnType, createBackup } from './createBackup.js'
export { findPostgresBin } from './findPostgresBin.js'
export { type RestoreBackupParameters, type RestoreBackupReturnType, restoreBackup } from './restoreBackup.js'
