import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { link, mkdtemp, rename, rm, unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { DatabaseConfig } from '../createDatabase.js'
import { BackupError } from './BackupError.js'
import { newBackupEncryption } from './backupEncryption.js'
import type { BackupManifest } from './backupFormat.js'
import { hashFile, syncFolder, writeBackupFile } from './backupPayload.js'
import { type MigrationState, migrationState } from './migrationState.js'
import { pgArchiveMigrations, pgDump } from './postgresTools.js'
import { copySqliteDatabase, sqliteMigrations } from './sqliteImage.js'

export interface CreateBackupParameters {
  /** The instance database (as `databaseConfigFromEnv` gives it). */
  config: DatabaseConfig
  /** Where to write the backup. */
  out: string
  /** Encrypts the backup when given (at least 12 characters). */
  passphrase?: string | undefined
  /** Recorded in the manifest. */
  productVersion: string
  /** Replace `out` when it exists (default: refuse). */
  overwrite?: boolean
}

export interface CreateBackupReturnType {
  /** Absolute path of the backup written. */
  file: string
  manifest: BackupManifest
  /** How the backed-up schema compares with this code. */
  schemaState: MigrationState['state']
  /** Size of the backup file in bytes. */
  size: number
  /** SHA-256 (hex) of the whole backup file, to compare copies with `sha256sum`. */
  fileSha256: string
}

/**
 * Backs up the instance database while it serves: SQLite through its online backup API,
 * PostgreSQL through `pg_dump --format=custom` (both a consistent snapshot). The file appears under
 * its name only when complete (written beside it, then linked or renamed), with mode 0600.
 */
export async function createBackup(parameters: CreateBackupParameters): Promise<CreateBackupReturnType> {
  const { config, passphrase, productVersion } = parameters
  const out = resolve(parameters.out)
  const overwrite = parameters.overwrite ?? false
  if (!overwrite && existsSync(out)) {
    throw new BackupError('BACKUP_FAILED', `${out} exists; choose another file or pass --force to replace it`)
  }
  if (!existsSync(dirname(out)))
    throw new BackupError('BACKUP_FAILED', `the folder ${dirname(out)} does not exist`)
  if (config.kind === 'sqlite' && config.file === ':memory:') {
    throw new BackupError('BACKUP_FAILED', 'an in-memory SQLite database cannot be backed up')
  }
  // Derived first: a refused passphrase costs no dump.
  const sealed = passphrase === undefined ? undefined : await newBackupEncryption(passphrase)
  // The plaintext image stays in a private folder (0700) beside the output, removed in the end.
  const work = await mkdtemp(join(dirname(out), '.stratos-backup-'))
  const partial = join(dirname(out), `.${basename(out)}.partial-${randomBytes(6).toString('hex')}`)
  try {
    const image = join(work, 'database')
    let migrations: string[]
    let tool: string | undefined
    if (config.kind === 'sqlite') {
      await copySqliteDatabase(config.file, image)
      migrations = sqliteMigrations(image)
    } else {
      tool = await pgDump(config.url, image)
      migrations = await pgArchiveMigrations(image)
    }
    const manifest: BackupManifest = {
      product: 'stratos-vault',
      productVersion,
      engine: config.kind,
      payloadFormat: config.kind === 'sqlite' ? 'sqlite-database' : 'pg_dump-custom',
      ...(tool ? { tool } : {}),
      schema: { version: migrations.at(-1) ?? null, migrations },
      createdAt: new Date().toISOString(),
      payload: await hashFile(image),
      encryption: sealed?.encryption ?? null,
    }
    const { sha256, size } = await writeBackupFile(partial, manifest, image, sealed?.key)
    await install(partial, out, overwrite)
    return { file: out, manifest, schemaState: migrationState(migrations).state, size, fileSha256: sha256 }
  } finally {
    sealed?.key.fill(0)
    await rm(work, { recursive: true, force: true })
    await rm(partial, { force: true })
  }
}

/** Puts the finished file under its name: a hard link never replaces an existing file. */
async function install(partial: string, out: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    await rename(partial, out)
  } else {
    try {
      await link(partial, out)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new BackupError(
          'BACKUP_FAILED',
          `${out} exists; choose another file or pass --force to replace it`,
        )
      }
      // Filesystems without hard links: the existence check above stands in for the link's.
      await rename(partial, out)
      return syncFolder(dirname(out))
    }
    await unlink(partial)
  }
  await syncFolder(dirname(out))
}
