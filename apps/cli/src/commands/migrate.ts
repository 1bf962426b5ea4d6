import { parseArgs } from 'node:util'
import { createDatabase, migrateToLatest, schemaStatus } from '@stratos/db'
import { DATABASE_OPTIONS, databaseFromSettings, describeDatabase, runCommand } from '../settings.js'

const help = `usage: stratos migrate [--check] [--data DIR | --database-url URL]

Applies the database migrations this version has and the database lacks, in order, then prints
the schema version. Safe to run from several places at once (one applies, the others wait) and
again (nothing left to apply). 'stratos serve' refuses a database that is behind or ahead of it.

options:
  --check             change nothing: print the schema's state; exit 0 when current, 1 otherwise
  --data DIR          SQLite at DIR/stratos.sqlite
  --database-url URL  instead of DATABASE_URL (the process list shows it: prefer DATABASE_URL_FILE)

environment: DATABASE_URL (postgres://… or sqlite:/path) or DATABASE_URL_FILE, else DATA_DIR
(SQLite at $DATA_DIR/stratos.sqlite).`

/** `stratos migrate`: brings the instance database to this version's schema. */
export function run(argv: string[]): Promise<number> {
  return runCommand('migrate', help, async () => {
    const { values } = parseArgs({
      args: argv,
      options: {
        check: { type: 'boolean', default: false },
        ...DATABASE_OPTIONS,
      },
      strict: true,
    })
    if (values.help) {
      console.log(help)
      return 0
    }
    const database = databaseFromSettings(values, process.env)
    const db = createDatabase(database)
    try {
      const before = await schemaStatus(db)
      const where = describeDatabase(database)
      if (before.state === 'ahead') {
        console.error(
          `stratos migrate: ${where} has migrations this version does not know (${before.unknown.join(', ')}): it was migrated by a newer Stratos Vault. Run that version; nothing was changed.`,
        )
        return 1
      }
      if (values.check) {
        console.log(
          before.state === 'current'
            ? `${where}: schema current (${before.version})`
            : `${where}: schema behind, ${before.pending.length} migration(s) to apply: ${before.pending.join(', ')}`,
        )
        return before.state === 'current' ? 0 : 1
      }
      const applied = await migrateToLatest(db)
      const after = await schemaStatus(db)
      console.log(
        applied.length > 0
          ? `${where}: applied ${applied.join(', ')}; schema now ${after.version}`
          : `${where}: nothing to apply; schema ${after.version}`,
      )
      return 0
    } finally {
      await db.destroy()
    }
  })
}
