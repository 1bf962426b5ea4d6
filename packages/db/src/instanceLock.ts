import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { BackupError } from './backup/BackupError.js'
import type { DatabaseConfig } from './createDatabase.js'

/**
 * The instance lock: `stratos serve` holds it shared for as long as it runs, `stratos restore`
 * takes it exclusively, so a restore never replaces a database an instance is serving and an
 * instance never starts on a database being restored. Both sides refuse at once rather than wait.
 *
 * - PostgreSQL: a session-level advisory lock on {@link INSTANCE_LOCK_KEY} in the instance's
 *   database, held by a dedicated connection (`pg_try_advisory_lock_shared` for serve,
 *   `pg_try_advisory_lock` for restore). The server drops it when that connection ends, so a
 *   crashed process leaves no lock behind.
 * - SQLite: SQLite's own file lock on a small lock database beside the instance database
 *   (`<database>.lock`): serve keeps a read transaction open (a SHARED lock), restore holds
 *   `BEGIN EXCLUSIVE`. These are OS file locks (fcntl), released by the OS when the process exits,
 *   so there is no stale lock file to clean up: the file staying on disk means nothing. Like SQLite
 *   itself, this needs a filesystem with working POSIX locks (local disks, not most NFS mounts).
 */
export interface InstanceLock {
  /** Releases the lock (idempotent). */
  release(): Promise<void>
}

/** The advisory lock key of an instance database ("STRATOS\x01" read as a signed 64-bit integer). */
export const INSTANCE_LOCK_KEY = '6004514643732550401'

/** What the holder is told when the lock is lost while it runs (the PostgreSQL connection broke). */
export interface HoldInstanceLockOptions {
  onLost?: (error: Error) => void
}

/**
 * Takes the instance lock shared, for a serving instance; several instances may hold it at once.
 * Throws BackupError `RESTORE_RUNNING` while a restore holds it.
 */
export async function holdInstanceLock(
  config: DatabaseConfig,
  options: HoldInstanceLockOptions = {},
): Promise<InstanceLock> {
  return config.kind === 'postgres'
    ? postgresLock(config.url, 'shared', options)
    : sqliteLock(config.file, 'shared')
}

/**
 * Takes the instance lock exclusively, for a restore. Throws BackupError `INSTANCE_RUNNING` while an
 * instance (or another restore) holds it.
 */
export async function lockInstanceForRestore(config: DatabaseConfig): Promise<InstanceLock> {
  return config.kind === 'postgres'
    ? postgresLock(config.url, 'exclusive', {})
    : sqliteLock(config.file, 'exclusive')
}

async function postgresLock(
  url: string,
  mode: 'shared' | 'exclusive',
  { onLost }: HoldInstanceLockOptions,
): Promise<InstanceLock> {
  const client = new pg.Client({ connectionString: url, application_name: `stratos instance lock (${mode})` })
  let released = false
  client.on('error', (error) => {
    if (!released) onLost?.(error)
  })
  try {
    await client.connect()
  } catch (cause) {
    throw new BackupError(
      'BACKUP_FAILED',
      `cannot connect to the PostgreSQL database to take the instance lock`,
      {
        details: (cause as Error).message,
        cause,
      },
    )
  }
  const take = mode === 'shared' ? 'pg_try_advisory_lock_shared' : 'pg_try_advisory_lock'
  let locked: boolean | undefined
  try {
    const { rows } = await client.query<{ locked: boolean }>(`select ${take}($1::bigint) as locked`, [
      INSTANCE_LOCK_KEY,
    ])
    locked = rows[0]?.locked
  } catch (cause) {
    await client.end().catch(() => {})
    throw new BackupError('BACKUP_FAILED', 'cannot take the instance lock in the PostgreSQL database', {
      details: (cause as Error).message,
      cause,
    })
  }
  if (!locked) {
    await client.end()
    throw busy(mode, 'the PostgreSQL database')
  }
  client.on('end', () => {
    if (!released) onLost?.(new Error('the connection holding the instance lock closed'))
  })
  return {
    async release() {
      if (released) return
      released = true
      await client.end()
    },
  }
}

async function sqliteLock(file: string, mode: 'shared' | 'exclusive'): Promise<InstanceLock> {
  if (file === ':memory:') return { release: async () => {} }
  const lockFile = `${file}.lock`
  mkdirSync(dirname(lockFile), { recursive: true })
  // A serving instance waits out a restore's brief PENDING lock; a restore never waits.
  const lock = new BetterSqlite3(lockFile, { timeout: mode === 'shared' ? 2000 : 0 })
  try {
    lock.pragma('journal_mode = DELETE')
    if (mode === 'shared') {
      lock.exec('create table if not exists instance_lock (note text)')
      lock.exec('begin')
      // The read makes SQLite take the SHARED lock, kept until the transaction ends.
      lock.prepare('select count(*) from instance_lock').get()
    } else {
      lock.exec('begin exclusive')
    }
  } catch (error) {
    lock.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw busy(mode, lockFile)
    throw new BackupError('BACKUP_FAILED', `cannot take the instance lock on ${lockFile}`, {
      details: (error as Error).message,
      cause: error,
    })
  }
  let released = false
  return {
    async release() {
      if (released) return
      released = true
      lock.close()
    },
  }
}

function busy(mode: 'shared' | 'exclusive', where: string): BackupError {
  return mode === 'shared'
    ? new BackupError(
        'RESTORE_RUNNING',
        `a restore is replacing this instance's database (it holds the instance lock on ${where}); start the instance when it has finished`,
      )
    : new BackupError(
        'INSTANCE_RUNNING',
        `the instance is running (a process holds the instance lock on ${where}); stop every 'stratos serve' of this database, then restore`,
      )
}
