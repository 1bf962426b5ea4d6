import { parseArgs } from 'node:util'
import { BACKUP_SCRYPT, createBackup } from '@stratos/db'
import cliPackage from '../../package.json' with { type: 'json' }
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

const help = `usage: stratos backup --out FILE [--force] [--passphrase-file FILE] [--data DIR | --database-url URL]

Backs up the instance database while the instance runs: SQLite through its online backup API,
PostgreSQL through pg_dump (custom format; the PostgreSQL client programs must be installed and
at least as new as the server). The file holds a manifest (product and schema version, engine,
time, SHA-256 of the database) and the database, encrypted with AES-256-GCM under a key derived
from a passphrase (scrypt N=${BACKUP_SCRYPT.N} r=${BACKUP_SCRYPT.r} p=${BACKUP_SCRYPT.p}) when one is given. It is written
beside FILE and renamed into place when complete, with mode 0600. See docs/operations.md.

options:
  --out FILE              where to write the backup (refused if it exists)
  --force                 replace FILE if it exists

${SHARED_HELP}
  A passphrase encrypts the backup (at least 12 characters); without one it is stored as is.

exit codes: 0 written, 1 failed (nothing is left under FILE), 2 bad usage`

/** `stratos backup --out FILE`: writes a backup of the instance database. */
export async function run(argv: string[]): Promise<number> {
  return runCommand('backup', help, async () => {
    refusePassphraseArgument(argv)
    const { values, positionals } = parseArgs({
      args: argv,
      options: { out: { type: 'string', short: 'o' }, ...SHARED_OPTIONS },
      strict: true,
      allowPositionals: true,
    })
    if (values.help) {
      console.log(help)
      return 0
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`)
    if (!values.out) throw new UsageError('--out FILE is required')
    const config = databaseFromSettings(values, process.env)
    const passphrase = passphraseFromSettings(values, process.env)
    const result = await createBackup({
      config,
      out: values.out,
      passphrase,
      productVersion: cliPackage.version,
      overwrite: values.force,
    })
    const { manifest } = result
    const kdf = manifest.encryption?.kdf
    console.log(
      [
        `stratos backup: wrote ${result.file}`,
        `  database        ${describeDatabase(config)}`,
        `  engine          ${manifest.engine} (${manifest.payloadFormat}${manifest.tool ? `, ${manifest.tool}` : ''})`,
        `  schema version  ${manifest.schema.version ?? 'none (empty database)'} (${result.schemaState} for this Stratos ${manifest.productVersion})`,
        `  created at      ${manifest.createdAt}`,
        `  size            ${formatBytes(result.size)}; database ${formatBytes(manifest.payload.length)}`,
        `  encrypted       ${kdf ? `yes (AES-256-GCM, scrypt N=${kdf.N} r=${kdf.r} p=${kdf.p})` : 'no'}`,
        `  database sha256 ${manifest.payload.sha256}`,
        `  file sha256     ${result.fileSha256}`,
      ].join('\n'),
    )
    return 0
  })
}
