import { parseArgs } from 'node:util'
import { ensureAdminEnrollment, parseOrigin } from '@stratos/api'
import { createDatabase } from '@stratos/db'
import { issueD1AdminLink } from '../d1AdminLink.js'
import { DATABASE_OPTIONS, databaseFromSettings, runCommand, UsageError } from '../settings.js'

const help = `usage: stratos admin-link [--data DIR | --database-url URL]
       stratos admin-link --wrangler FILE [--env NAME] (--remote | --local [--persist-to DIR])

Issues a new one-time admin enrollment link for an instance that has no admin yet, and prints it:
whoever opens it and creates a passkey becomes the first admin. Any link issued before stops
working. 'stratos serve' prints a link on the first start only; this is how to get another (a lost
log, an expired rollout). Refused once the instance has an admin.

environment: PUBLIC_ORIGIN (the links' origin); DATABASE_URL(_FILE) or DATA_DIR as for serve.

A Worker instance: --wrangler names its configuration (deploy/cloudflare/wrangler.<name>.toml), whose
PUBLIC_ORIGIN var gives the origin; the link goes into its D1 database through 'wrangler d1 execute'
(--remote: Cloudflare's, with wrangler's credentials; --local: wrangler's local copy).`

/** `stratos admin-link`: a fresh enrollment link for the first admin. */
export function run(argv: string[]): Promise<number> {
  return runCommand('admin-link', help, async () => {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...DATABASE_OPTIONS,
        wrangler: { type: 'string' },
        env: { type: 'string' },
        remote: { type: 'boolean', default: false },
        local: { type: 'boolean', default: false },
        'persist-to': { type: 'string' },
      },
      strict: true,
    })
    if (values.help) {
      console.log(help)
      return 0
    }
    if (values.wrangler !== undefined) {
      if (values.remote === values.local) throw new UsageError('with --wrangler, give --remote or --local')
      const link = await issueD1AdminLink({
        config: values.wrangler,
        ...(values.env ? { env: values.env } : {}),
        target: values.remote
          ? { remote: true }
          : { remote: false, ...(values['persist-to'] ? { persistTo: values['persist-to'] } : {}) },
      })
      return report(link)
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
      return report(await ensureAdminEnrollment(db, origin))
    } finally {
      await db.destroy()
    }
  })
}

function report(link: string | null): number {
  if (!link) {
    console.error('stratos admin-link: the instance has an admin; admins manage users in the admin console')
    return 1
  }
  console.log(`Admin enrollment link (one use; makes whoever opens it the first admin): ${link}`)
  return 0
}
