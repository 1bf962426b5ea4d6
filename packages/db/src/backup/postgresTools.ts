import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { BackupError } from './BackupError.js'
import { findPostgresBin } from './findPostgresBin.js'

/**
 * pg_dump and pg_restore, run with the database's connection string minus its password (which goes
 * in PGPASSWORD, so it never shows in the process list).
 */

/** Writes a `pg_dump --format=custom` archive of the database to `file`; returns `pg_dump --version`. */
export async function pgDump(url: string, file: string): Promise<string> {
  const version = (await runPgTool('pg_dump', ['--version'])).trim()
  await runPgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`], url)
  return version
}

/** The tables (schema.name) an archive creates; fails on a file pg_restore cannot read. */
export async function pgArchiveTables(file: string): Promise<string[]> {
  const list = await runPgTool('pg_restore', ['--list', file])
  // TOC lines: "215; 1259 16390 TABLE public users stratos"
  return [...list.matchAll(/^\d+; \d+ \d+ TABLE (\S+) (\S+) /gm)].map((m) => `${m[1]}.${m[2]}`)
}

/** The migration names stored in an archive's `kysely_migration` table, in order. */
export async function pgArchiveMigrations(file: string): Promise<string[]> {
  const script = await runPgTool('pg_restore', ['--data-only', '--table=kysely_migration', '--file=-', file])
  const names: string[] = []
  let inCopy = false
  for (const line of script.split('\n')) {
    if (/^COPY \S*kysely_migration \(name,/.test(line)) inCopy = true
    else if (line === '\\.') inCopy = false
    else if (inCopy) names.push(line.split('\t')[0]!)
  }
  return names.sort()
}

/**
 * Restores an archive into the database in one transaction (`--single-transaction` implies
 * `--exit-on-error`): it lands whole or not at all. `clean` drops the archive's objects first.
 */
export async function pgRestore(url: string, file: string, clean: boolean): Promise<void> {
  const args = ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges']
  if (clean) args.push('--clean', '--if-exists')
  await runPgTool('pg_restore', [...args, file], url)
}

/** Runs a PostgreSQL client program; its stdout, or a BackupError with its stderr. */
async function runPgTool(program: 'pg_dump' | 'pg_restore', args: string[], url?: string): Promise<string> {
  const bin = findPostgresBin(program)
  if (!bin) {
    throw new BackupError(
      'BACKUP_FAILED',
      `${program} not found (install the PostgreSQL client programs, e.g. the Debian package postgresql-client, or set PG_BIN)`,
    )
  }
  const env: NodeJS.ProcessEnv = { ...process.env }
  const connection: string[] = []
  if (url) {
    const parsed = new URL(url)
    if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password)
    parsed.password = ''
    connection.push(`--dbname=${parsed.toString()}`)
  }
  const child = spawn(join(bin, program), [...args, ...connection], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  if (code !== 0) {
    throw new BackupError('BACKUP_FAILED', `${program} failed (exit code ${code})`, {
      details: Buffer.concat(stderr).toString('utf8').trim(),
    })
  }
  return Buffer.concat(stdout).toString('utf8')
}
