/** What went wrong in a backup, a restore or the instance lock; callers branch on it. */
export type BackupErrorCode =
  /** The backup file is not a Stratos backup, is damaged, truncated or altered. */
  | 'BACKUP_INVALID'
  /** The backup is encrypted and no passphrase was given, or the passphrase is wrong or too weak. */
  | 'BACKUP_PASSPHRASE'
  /** The backup cannot go into this target: other engine, newer schema, or a target that holds data. */
  | 'RESTORE_REFUSED'
  /** The instance is running (it holds the instance lock), so its database cannot be replaced. */
  | 'INSTANCE_RUNNING'
  /** A restore holds the instance lock, so the instance cannot start. */
  | 'RESTORE_RUNNING'
  /** The database, a file or a PostgreSQL tool failed. */
  | 'BACKUP_FAILED'

/**
 * The error of backups, restores and the instance lock, shaped like `@stratos/errors`' BaseError:
 * a stable `code`, a `shortMessage` that says what happened and what to do, optional `details`,
 * the original error as `cause`. It never carries a passphrase or a database password.
 */
export class BackupError extends Error {
  override name = 'BackupError'
  readonly code: BackupErrorCode
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(
    code: BackupErrorCode,
    shortMessage: string,
    options: { details?: string; cause?: unknown } = {},
  ) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    })
    this.code = code
    this.shortMessage = shortMessage
    this.details = options.details
  }
}
