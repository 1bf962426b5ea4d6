import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BackupError, type DatabaseConfig, databaseConfigFromEnv } from '@stratos/db'

/** Bad input to `stratos backup` / `stratos restore`: exit code 2 with the usage. */
export class UsageError extends Error {}

/** The options of every command that opens the instance database (parseArgs shape). */
export const DATABASE_OPTIONS = {
  data: { type: 'string' },
  'database-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** The options backup and restore share (parseArgs shape). */
export const SHARED_OPTIONS = {
  force: { type: 'boolean', default: false },
  'passphrase-file': { type: 'string' },
  ...DATABASE_OPTIONS,
} as const

export const SHARED_HELP = `database (as 'stratos serve' chooses it):
  DATABASE_URL            postgres://user@host:port/db, or sqlite:/path/to/stratos.sqlite
  DATABASE_URL_FILE       a file holding DATABASE_URL (for secrets mounted as files)
  DATA_DIR                without DATABASE_URL: SQLite at $DATA_DIR/stratos.sqlite
  --data DIR              SQLite at DIR/stratos.sqlite (instead of the environment)
  --database-url URL      instead of DATABASE_URL; the process list shows it, so keep passwords
                          out of it (PGPASSWORD or ~/.pgpass, or DATABASE_URL_FILE)

passphrase (never on the command line):
  --passphrase-file FILE  a file holding the passphrase (trailing newline ignored)
  BACKUP_PASSPHRASE_FILE  the same, from the environment
  BACKUP_PASSPHRASE       the passphrase itself`

/** `NAME` or the contents of the file `NAME_FILE` names (one trailing newline trimmed); not both. */
export function secretFromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name]
  const file = env[`${name}_FILE`]
  if (direct && file) throw new UsageError(`set ${name} or ${name}_FILE, not both`)
  if (file) return readSecretFile(file, `${name}_FILE`)
  return direct || undefined
}

function readSecretFile(path: string, what: string): string {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(`${what}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  const value = text.replace(/\r?\n$/, '')
  if (!value) throw new UsageError(`${what}: ${path} is empty`)
  return value
}

/** The instance database: the flags, else DATABASE_URL(_FILE), else $DATA_DIR/stratos.sqlite. */
export function databaseFromSettings(
  values: { data?: string | undefined; 'database-url'?: string | undefined },
  env: NodeJS.ProcessEnv,
): DatabaseConfig {
  if (values.data !== undefined && values['database-url'] !== undefined) {
    throw new UsageError('give --data or --database-url, not both')
  }
  if (values.data !== undefined) return { kind: 'sqlite', file: join(values.data, 'stratos.sqlite') }
  const url = values['database-url'] ?? secretFromEnv(env, 'DATABASE_URL')
  if (url !== undefined) {
    if (!/^(postgres|postgresql):\/\/|^sqlite:./.test(url)) {
      // The URL may hold a password: name only its scheme.
      const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'no scheme'
      throw new UsageError(
        `the database URL must be postgres://… or sqlite:/path/to/stratos.sqlite (it starts with '${scheme}')`,
      )
    }
    return databaseConfigFromEnv({ DATABASE_URL: url }, '')
  }
  if (!env.DATA_DIR)
    throw new UsageError('set DATABASE_URL (or DATABASE_URL_FILE), or DATA_DIR, or pass --data DIR')
  return databaseConfigFromEnv({}, join(env.DATA_DIR, 'stratos.sqlite'))
}

/** A passphrase is never taken on the command line (shell history, the process list). */
export function refusePassphraseArgument(argv: string[]): void {
  if (argv.some((arg) => arg === '--passphrase' || arg.startsWith('--passphrase=')))
    throw new UsageError(
      'a passphrase is never taken on the command line (shell history, process list): use --passphrase-file or BACKUP_PASSPHRASE_FILE',
    )
}

/** The backup passphrase: --passphrase-file, else BACKUP_PASSPHRASE(_FILE); undefined when none is set. */
export function passphraseFromSettings(
  values: { 'passphrase-file'?: string | undefined },
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (values['passphrase-file'] !== undefined)
    return readSecretFile(values['passphrase-file'], '--passphrase-file')
  return secretFromEnv(env, 'BACKUP_PASSPHRASE')
}

/** How the database is named in output: never with its password. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'sqlite') return `SQLite ${config.file}`
  const url = new URL(config.url)
  url.password = ''
  return `PostgreSQL ${url.toString()}`
}

/**
 * Runs a command body: its exit code; usage errors print the message and the help (2); every other
 * error prints one message (1).
 */
export async function runCommand(name: string, help: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body()
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      console.error(`stratos ${name}: ${(error as Error).message}\n\n${help}`)
      return 2
    }
    if (error instanceof BackupError) {
      console.error(`stratos ${name}: ${error.shortMessage}${error.details ? `\n  ${error.details}` : ''}`)
      return 1
    }
    console.error(`stratos ${name}: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
}

/** A byte count as people read it: `12,345,678 bytes (11.8 MiB)`. */
export function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = ''
  for (const next of units) {
    if (value < 1024) break
    value /= 1024
    unit = next
  }
  return `${bytes.toLocaleString('en-US')} bytes${unit ? ` (${value.toFixed(1)} ${unit})` : ''}`
}
