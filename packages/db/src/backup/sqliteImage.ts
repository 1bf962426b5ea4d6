import { existsSync, rmSync, statSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { BackupError } from './BackupError.js'

/**
 * Copies a live SQLite database to `image` through SQLite's online backup API. All pages are
 * copied in one step, i.e. one read transaction: a consistent snapshot that holds every write
 * committed before it, while writers go on (WAL mode). In small steps, a write by another
 * connection between steps would restart the copy, and a busy instance could starve it.
 */
export async function copySqliteDatabase(file: string, image: string): Promise<void> {
  let source: BetterSqlite3.Database
  try {
    source = new BetterSqlite3(file, { fileMustExist: true, timeout: 5000 })
  } catch (cause) {
    throw new BackupError('BACKUP_FAILED', `there is no SQLite database at ${file}`, {
      details: (cause as Error).message,
      cause,
    })
  }
  try {
    await source.backup(image, { progress: () => 0x7fffffff })
  } catch (cause) {
    throw new BackupError('BACKUP_FAILED', `SQLite could not copy ${file}`, {
      details: (cause as Error).message,
      cause,
    })
  } finally {
    source.close()
  }
}

/** The migrations applied in a SQLite database file of ours (a backup image), in order. */
export function sqliteMigrations(file: string): string[] {
  const db = new BetterSqlite3(file, { fileMustExist: true })
  try {
    const table = db
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get()
    if (!table) return []
    return (db.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map(
      (row) => row.name,
    )
  } finally {
    db.close()
  }
}

/** Runs `PRAGMA integrity_check` on a database file of ours; throws with SQLite's findings when it is not ok. */
export function checkSqliteIntegrity(file: string): void {
  let findings: string[]
  try {
    const db = new BetterSqlite3(file, { fileMustExist: true })
    try {
      const rows = db.pragma('integrity_check') as { integrity_check: string }[]
      findings = rows.map((row) => row.integrity_check)
    } finally {
      db.close()
    }
  } catch (cause) {
    throw new BackupError('BACKUP_INVALID', 'the database in the backup cannot be opened by SQLite', {
      details: (cause as Error).message,
      cause,
    })
  }
  if (findings.length !== 1 || findings[0] !== 'ok') {
    throw new BackupError('BACKUP_INVALID', 'the database in the backup fails PRAGMA integrity_check', {
      details: findings.slice(0, 10).join('; '),
    })
  }
}

/**
 * What a restore would replace: nothing (no file, or an empty one), a database with this many
 * accounts, or a file SQLite cannot read. Opened read-only, so a refusal leaves it as it was.
 */
export function inspectSqliteTarget(file: string):
  | { kind: 'absent' }
  | { kind: 'database'; users: number }
  | {
      kind: 'unreadable'
      reason: string
    } {
  if (!existsSync(file) || statSync(file).size === 0) return { kind: 'absent' }
  // A read-only connection cannot delete the -wal and -shm files it creates: remove them after.
  const [wal, shm] = [`${file}-wal`, `${file}-shm`]
  const hadWal = existsSync(wal)
  const hadShm = existsSync(shm)
  let db: BetterSqlite3.Database
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    return { kind: 'unreadable', reason: (error as Error).message }
  }
  try {
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'users'").get()
    const users = table ? (db.prepare('select count(*) as n from users').get() as { n: number }).n : 0
    return { kind: 'database', users }
  } catch (error) {
    return { kind: 'unreadable', reason: (error as Error).message }
  } finally {
    db.close()
    if (!hadWal && existsSync(wal) && statSync(wal).size === 0) {
      rmSync(wal)
      if (!hadShm) rmSync(shm, { force: true })
    }
  }
}
