import { parseArgs } from 'node:util'
import { ensureAdminEnrollment, parseOrigin } from '@stratos/api'
import { createDatabase } from '@stratos/db'
import { DATABASE_OPTIONS, databaseFromSettings, runCommand, UsageError } from '../settings.js'

const help = `usage: stratos admin-link [--data DIR | --database-url URL]

Issues a new one-time admin enrollment link for an instance that has no admin yet, and prints it:
whoever opens it and creates a passkey becomes the first admin. Any link issued before stops
working. 'stratos serve' prints a link on the first start only; this is how to get another (a lost
log, an expired rollout). Refused once the instance has an admin.

environment: PUBLIC_ORIGIN (the links' origin); DATABASE_URL(_FILE) or DATA_DIR as for serve.`

/** `stratos admin-link`: a fresh enrollment link for the first admin. */
export function run(argv: string[]): Promise<number> {
  return runCommand('admin-link', help, async () => {
    const { values } = parseArgs({
      args: argv,
      options: DATABASE_OPTIONS,
      strict: true,
    })
    if (values.help) {
      console.log(help)
      return 0
    }
    if (!process.env.PUBLIC_ORIGIN)
      throw new UsageError('PUBLIC_ORIGIN must be set to the origin users open (https://wallet.example.com)')
    // The same rule as serve's: the link opens the instance's own origin.
    let origin: string
    try {
      origin = parseOrigin(process.env.PUBLIC_ORIGIN)
    } catch (error) {
      throw new UsageError((error as Error).message)
    }
    const db = createDatabase(databaseFromSettings(values, process.env))
    try {
      const link = await ensureAdminEnrollment(db, origin)
      if (!link) {
        console.error(
          'stratos admin-link: the instance has an admin; admins manage users in the admin console',
        )
        return 1
      }
      console.log(`Admin enrollment link (one use; makes whoever opens it the first admin): ${link}`)
      return 0
    } finally {
      await db.destroy()
    }
  })
}
