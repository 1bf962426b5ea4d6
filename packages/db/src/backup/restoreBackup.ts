import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { chmod, mkdtemp, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import pg from 'pg'
import type { DatabaseConfig } from '../createDatabase.js'
import { lockInstanceForRestore } from '../instanceLock.js'
import { BackupError } from './BackupError.js'
import { openBackupEncryption } from './backupEncryption.js'
import { type BackupManifest, readBackupHeader } from './backupFormat.js'
import { extractPayload, syncFolder } from './backupPayload.js'
import { type MigrationState, migrationState } from './migrationState.js'
import { pgArchiveMigrations, pgArchiveTables, pgRestore } from './postgresTools.js'
import { checkSqliteIntegrity, inspectSqliteTarget, sqliteMigrations } from './sqliteImage.js'

export interface RestoreBackupParameters {
  /** The backup file. */
  file: string
  /** The database to restore into (as `databaseConfigFromEnv` gives it). */
  config: DatabaseConfig
  /** The passphrase of an encrypted backup. */
  passphrase?: string | undefined
  /** Replace a target that holds accounts or unreadable data (default: refuse). */
  replace?: boolean
}

export interface RestoreBackupReturnType {
  manifest: BackupManifest
  /** Whether the target held a database (its content was replaced). */
  replaced: boolean
  /** How the restored schema compares with this code (`behind`: run `stratos migrate`). */
  schema: MigrationState
}

/**
 * Restores a backup into the instance database. Everything is checked before the target is
 * touched: the file (magic, manifest, length, passphrase, AES-GCM tag, SHA-256), the engine, the
 * schema (a backup from newer code is refused), the database itself (SQLite: integrity_check;
 * PostgreSQL: the archive's table of contents), the instance lock (no instance may be running) and
 * the target (one holding accounts is replaced only with `replace`). Then SQLite is renamed over
 * the target in one step; PostgreSQL is restored by pg_restore in one transaction.
 */
export async function restoreBackup(parameters: RestoreBackupParameters): Promise<RestoreBackupReturnType> {
  const { config, passphrase } = parameters
  const file = resolve(parameters.file)
  const replace = parameters.replace ?? false
  const header = await readBackupHeader(file)
  const { manifest } = header
  if (manifest.engine !== config.kind) {
    throw new BackupError(
      'RESTORE_REFUSED',
      `${file} is a backup of a ${engineName(manifest.engine)} database and the target is ${engineName(config.kind)}; a backup is restored into the engine it was taken from (${manifest.engine === 'sqlite' ? 'DATABASE_URL=sqlite:/path/to/stratos.sqlite, or DATA_DIR' : 'DATABASE_URL=postgres://…'})`,
    )
  }
  const schema = migrationState(manifest.schema.migrations)
  refuseNewerSchema(file, schema)
  if (manifest.encryption && passphrase === undefined) {
    throw new BackupError(
      'BACKUP_PASSPHRASE',
      `${file} is encrypted; give its passphrase with --passphrase-file FILE, BACKUP_PASSPHRASE_FILE or BACKUP_PASSPHRASE`,
    )
  }
  const key = manifest.encryption ? await openBackupEncryption(passphrase!, manifest.encryption) : undefined
  try {
    const lock = await lockInstanceForRestore(config)
    try {
      const replaced =
        config.kind === 'sqlite'
          ? await restoreSqlite(file, header, key, config.file, replace)
          : await restorePostgres(file, header, key, config.url, replace)
      return { manifest, replaced, schema }
    } finally {
      await lock.release()
    }
  } finally {
    key?.fill(0)
  }
}

type Header = Awaited<ReturnType<typeof readBackupHeader>>

async function restoreSqlite(
  file: string,
  header: Header,
  key: Buffer | undefined,
  target: string,
  replace: boolean,
): Promise<boolean> {
  if (target === ':memory:')
    throw new BackupError('RESTORE_REFUSED', 'cannot restore into an in-memory database')
  const existing = inspectSqliteTarget(target)
  if (existing.kind === 'unreadable' && !replace) {
    throw new BackupError(
      'RESTORE_REFUSED',
      `${target} exists and is not a readable database (${existing.reason}); pass --force to replace it`,
    )
  }
  if (existing.kind === 'database' && existing.users > 0 && !replace) {
    throw new BackupError(
      'RESTORE_REFUSED',
      `${target} holds a database with ${existing.users} account(s); restoring replaces it: pass --force to do so`,
    )
  }
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
  // Same folder as the target, so the final rename is atomic.
  const temp = join(dirname(target), `.${basename(target)}.restore-${randomBytes(6).toString('hex')}`)
  try {
    await extractPayload(file, header, key, temp)
    // Private like every instance database (its -wal and -shm will take this mode).
    await chmod(temp, 0o600)
    checkSqliteIntegrity(temp)
    checkPayloadMigrations(file, header.manifest, sqliteMigrations(temp))
    // A -wal or -shm left by the replaced database would be applied to the restored one.
    for (const suffix of ['-wal', '-shm', '-journal']) await rm(`${target}${suffix}`, { force: true })
    await rename(temp, target)
    await syncFolder(dirname(target))
    return existing.kind !== 'absent'
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${temp}${suffix}`, { force: true })
  }
}

async function restorePostgres(
  file: string,
  header: Header,
  key: Buffer | undefined,
  url: string,
  replace: boolean,
): Promise<boolean> {
  const target = await inspectPostgresTarget(url)
  if (target.users > 0 && !replace) {
    throw new BackupError(
      'RESTORE_REFUSED',
      `the target PostgreSQL database holds ${target.users} account(s); restore into an empty database (createdb), or pass --force to replace it`,
    )
  }
  const work = await mkdtemp(join(tmpdir(), 'stratos-restore-'))
  try {
    const archive = join(work, 'database.dump')
    await extractPayload(file, header, key, archive)
    let archiveTables: string[]
    try {
      archiveTables = await pgArchiveTables(archive)
    } catch (cause) {
      throw new BackupError('BACKUP_INVALID', `pg_restore cannot read the archive in ${file}`, {
        details: (cause as BackupError).details ?? (cause as Error).message,
        cause,
      })
    }
    checkPayloadMigrations(file, header.manifest, await pgArchiveMigrations(archive))
    const foreign = target.tables.filter((table) => !archiveTables.includes(table))
    if (foreign.length > 0) {
      throw new BackupError(
        'RESTORE_REFUSED',
        `the target PostgreSQL database has tables the backup does not (${foreign.join(', ')}); restore into an empty database (createdb)`,
      )
    }
    await pgRestore(url, archive, target.tables.length > 0)
    return target.tables.length > 0
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** The tables of the target's schema and its number of accounts. */
async function inspectPostgresTarget(url: string): Promise<{ tables: string[]; users: number }> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {})
  try {
    await client.connect()
    const { rows } = await client.query<{ name: string }>(
      `select table_schema || '.' || table_name as name from information_schema.tables
       where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
    )
    const tables = rows.map((row) => row.name)
    const hasUsers = tables.some((name) => name.endsWith('.users'))
    const users = hasUsers
      ? (await client.query<{ n: number }>('select count(*)::int as n from users')).rows[0]!.n
      : 0
    return { tables, users }
  } catch (cause) {
    throw new BackupError('BACKUP_FAILED', 'cannot read the target PostgreSQL database', {
      details: (cause as Error).message,
      cause,
    })
  } finally {
    await client.end().catch(() => {})
  }
}

function refuseNewerSchema(file: string, schema: MigrationState): void {
  if (schema.unknown.length > 0) {
    throw new BackupError(
      'RESTORE_REFUSED',
      `${file} comes from a newer Stratos Vault: its schema has migrations this version does not know (${schema.unknown.join(', ')}); restore it with that version or newer`,
    )
  }
}

/** The migrations in the database itself must be those the manifest names. */
function checkPayloadMigrations(file: string, manifest: BackupManifest, applied: string[]): void {
  refuseNewerSchema(file, migrationState(applied))
  if (applied.join('\n') !== manifest.schema.migrations.join('\n')) {
    throw new BackupError(
      'BACKUP_INVALID',
      `${file} is inconsistent: the migrations in its database differ from those its manifest names`,
    )
  }
}

function engineName(engine: 'sqlite' | 'postgres'): string {
  return engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'
}
