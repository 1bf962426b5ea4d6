import { parseArgs } from 'node:util'
import { restoreBackup } from '@stratos/db'
import {
  databaseFromSettings,
  describeDatabase,
  formatBytes,
  passphraseFromSettings,
  refusePassphraseArgument,
  runCommand,
  SHARED_HELP,
  SHARED_OPTIONS,
  UsageError,
} from '../settings.js'

const help = `usage: stratos restore FILE [--force] [--passphrase-file FILE] [--data DIR | --database-url URL]

Restores a backup written by 'stratos backup' into the instance database. Stop the instance first:
a restore is refused while an instance holds the instance lock. Everything is checked before the
database is touched: the file (header, manifest, length, checksum; the passphrase and the AES-GCM
tag when encrypted), the engine (a SQLite backup goes into SQLite, a PostgreSQL one into
PostgreSQL), the schema (a backup from a newer Stratos is refused) and the database itself
(SQLite: PRAGMA integrity_check; PostgreSQL: pg_restore reads the archive). Then SQLite is
renamed over the database file in one step; PostgreSQL is restored by pg_restore in a single
transaction. A refused or failed restore leaves the database as it was. See docs/operations.md.

options:
  --force                 replace a database that holds accounts (default: refuse); PostgreSQL
                          targets must not have tables the backup lacks, even with --force

${SHARED_HELP}

exit codes: 0 restored, 1 refused or failed (the database is unchanged), 2 bad usage`

/** `stratos restore FILE`: replaces the instance database with a backup. */
export async function run(argv: string[]): Promise<number> {
  return runCommand('restore', help, async () => {
    refusePassphraseArgument(argv)
    const { values, positionals } = parseArgs({
      args: argv,
      options: SHARED_OPTIONS,
      strict: true,
      allowPositionals: true,
    })
    if (values.help) {
      console.log(help)
      return 0
    }
    const [file, ...extra] = positionals
    if (!file) throw new UsageError('the backup FILE is required')
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`)
    const config = databaseFromSettings(values, process.env)
    const passphrase = passphraseFromSettings(values, process.env)
    const { manifest, replaced, schema } = await restoreBackup({
      config,
      file,
      passphrase,
      replace: values.force,
    })
    const next =
      schema.state === 'behind'
        ? `run 'stratos migrate' (the backup's schema lacks ${schema.pending.join(', ')}), then start the instance`
        : 'start the instance and sign in to check it'
    console.log(
      [
        `stratos restore: restored ${file} into ${describeDatabase(config)}${replaced ? ' (replacing its database)' : ''}`,
        `  engine          ${manifest.engine} (${manifest.payloadFormat})`,
        `  schema version  ${manifest.schema.version ?? 'none (empty database)'} (${schema.state})`,
        `  backed up at    ${manifest.createdAt} by Stratos ${manifest.productVersion}`,
        `  database        ${formatBytes(manifest.payload.length)}, sha256 ${manifest.payload.sha256} (verified)`,
        `  encrypted       ${manifest.encryption ? 'yes (authenticated)' : 'no'}`,
        `  next            ${next}`,
      ].join('\n'),
    )
    return 0
  })
}
