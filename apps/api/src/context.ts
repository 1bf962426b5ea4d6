import type { Database } from '@stratos/db'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { ApiConfig } from './config.js'
import type { DevVaultDeployed } from './features/defi/service.js'
import type { AuthSession, Sessions } from './sessions/sessions.js'

/** What every feature router is built from. */
export interface AppDeps {
  db: Kysely<Database>
  config: ApiConfig
  logger: Logger
  /** The current time; injectable so tests can expire challenges and sessions. */
  clock: () => Date
  sessions: Sessions
  /** Dev mode: told of each vault `POST /api/dev/defi-vault` deployed (`stratos dev` adds it to its relayer). */
  onDevVaultDeployed?: ((vault: DevVaultDeployed) => void | Promise<void>) | undefined
}

/** Hono environment of the app: per-request variables set by middleware. */
export interface AppEnv {
  Variables: {
    /** Set by `requireSession`. */
    auth: AuthSession
    /** The user id to log with the request line, once known. */
    logUserId: string
    /** The error code to log with the request line, when the response is an error. */
    logErrorCode: string
  }
}
