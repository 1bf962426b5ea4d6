import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  type ApiConfig,
  ConfigError,
  createApiMetrics,
  createLogger,
  issueAdminEnrollmentOnce,
  loadConfig,
  Problems,
  sealStoredSecrets,
  startApiServer,
  startMetricsServer,
} from '@stratos/api'
import {
  BackupError,
  createDatabase,
  type DatabaseConfig,
  holdInstanceLock,
  schemaStatus,
  sqliteFileExposure,
} from '@stratos/db'
import { readAdminKeyMetadata } from '../adminKeyMetadata.js'
import { DEFAULT_AUDIT_ANCHOR_INTERVAL_SECONDS, logAuditAnchor, startAuditAnchors } from '../auditAnchor.js'
import { webDist } from '../paths.js'
import { databaseFromSettings, describeDatabase, secretFromEnv } from '../settings.js'

const help = `usage: stratos serve

Runs one instance in production: the API and the built web app on HOST:PORT, Prometheus metrics
on METRICS_HOST:METRICS_PORT. Every setting comes from the environment and is checked at start;
a bad or missing one stops the start with one message listing each problem. Secrets may be given
as NAME_FILE (a file holding the value, e.g. a Kubernetes or Docker secret) instead of NAME.

required:
  PUBLIC_ORIGIN             the origin users open: https://wallet.example.com
  SESSION_SECRET(_FILE)     signs session cookies: at least 32 characters
  INSTANCE_KEY(_FILE)       seals the secrets stored in the database: at least 32 characters
  DATABASE_URL(_FILE)       postgres://user@host:port/db or sqlite:/path/stratos.sqlite,
    or DATA_DIR             SQLite at $DATA_DIR/stratos.sqlite

optional:
  HOST, PORT                where to listen (default 0.0.0.0:8787)
  TRUSTED_PROXIES           comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For
                            and X-Forwarded-Proto are believed (default: none)
  RATE_LIMIT_{AUTH,PASSKEYS,EVM_RPC,CANTON}_{IP,ACCOUNT}
                            requests per client address / per account: <requests>/<seconds>
                            (e.g. 30/60) or off; defaults in docs/deployment.md
  METRICS_HOST, METRICS_PORT  the metrics listener (default HOST:9465)
  SHUTDOWN_TIMEOUT_SECONDS  on SIGTERM, how long requests in flight may take to finish (default 20)
  LOG_LEVEL                 fatal, error, warn, info (default), debug, trace
  AUDIT_ANCHOR_INTERVAL_SECONDS  how often the audit chain's head is logged as audit.anchor
                            (also at start; default 3600)
  RP_ID, INSTANCE_NAME, SESSION_TTL_SECONDS, CHALLENGE_TTL_SECONDS, AUTO_LOCK_SECONDS,
  MAX_CHALLENGES_PER_CLIENT
  BRAND_PRIMARY_COLOR, BRAND_ACCENT_COLOR, BRAND_SUPPORT_EMAIL, BRAND_SUPPORT_URL
                            the brand's colours and support contact (admins' edits win)
  EVM_RPC_URL(_FILE), EVM_CHAIN_ID, EVM_CHAIN_NAME, EVM_SYMBOL
  CANTON_URL + Ledger API tokens: CANTON_OAUTH_TOKEN_URL + CANTON_OAUTH_CLIENT_ID +
  CANTON_OAUTH_CLIENT_SECRET(_FILE) + CANTON_USER_ID (CANTON_OAUTH_AUDIENCE, CANTON_OAUTH_SCOPE,
  CANTON_OAUTH_CLIENT_AUTH), or CANTON_TOKEN(_FILE), or CANTON_JWT_SECRET(_FILE) + CANTON_USER_ID
  (CANTON_JWT_AUDIENCE); CANTON_SYNCHRONIZER_ID,
  CANTON_INSTRUMENT_ADMIN + CANTON_INSTRUMENT_ID + CANTON_REGISTRY_URL
                            (the instrument registry's base URL: required with an instrument),
  CANTON_REGISTRY_TOKEN(_FILE)  the registry's bearer token (a validator's scan-proxy wants one)
  DEFI_OPERATOR_PARTY, DEFI_REGULATOR_PARTY  the DeFi relayer operator; the regulator that observes
                            every intent and its outcome (default: none)
  OIDC_ISSUER + OIDC_CLIENT_ID + OIDC_ADMIN_GROUP, OIDC_CLIENT_SECRET(_FILE), OIDC_GROUPS_CLAIM,
  OIDC_SCOPES               operator sign-in to the admin console through the identity provider
  ADMIN_KEY_METADATA_DIR    a folder of FIDO metadata statements (*.json): the security key models
                            admins may hold under the admin key policy (default: none)
  ADMIN_SESSION_TTL_SECONDS, ADMIN_IDLE_TIMEOUT_SECONDS  an admin's session: at most 1800 s from
                            sign-in, ended after 600 s unused (defaults)

The database must be at this version's schema ('stratos migrate' first). Probes: GET /healthz
(alive) and GET /readyz (database, schema, Canton, not shutting down). See docs/deployment.md.`

/** Secrets that may come from a file (`NAME_FILE`). */
const SECRETS = [
  'SESSION_SECRET',
  'INSTANCE_KEY',
  'DATABASE_URL',
  'EVM_RPC_URL',
  'CANTON_TOKEN',
  'CANTON_JWT_SECRET',
  'CANTON_REGISTRY_TOKEN',
  'CANTON_OAUTH_CLIENT_SECRET',
  'OIDC_CLIENT_SECRET',
] as const

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace']

interface ServeSettings {
  config: ApiConfig
  database: DatabaseConfig
  host: string
  port: number
  metricsHost: string
  metricsPort: number
  shutdownTimeoutMs: number
  logLevel: string
  auditAnchorIntervalMs: number
}

/**
 * Reads and checks every setting: the settings, or the list of every problem found. Secret values
 * never appear in a problem.
 */
export async function readServeSettings(
  processEnv: NodeJS.ProcessEnv,
): Promise<{ settings: ServeSettings } | { problems: string[] }> {
  const problems = new Problems()
  const env: Record<string, string | undefined> = { ...processEnv }
  for (const name of SECRETS) {
    env[name] = problems.check(() => secretFromEnv(processEnv, name))
    delete env[`${name}_FILE`]
  }
  if (!env.PUBLIC_ORIGIN) problems.add('PUBLIC_ORIGIN is required: the origin users open (https://…)')
  if (!env.SESSION_SECRET && !processEnv.SESSION_SECRET_FILE)
    problems.add('SESSION_SECRET (or SESSION_SECRET_FILE) is required: at least 32 characters')
  if (env.DEV_MODE)
    problems.add(
      'DEV_MODE is not allowed in stratos serve: dev routes (faucets, test vault) exist only in stratos dev',
    )
  const port = (name: string, fallback: number) =>
    problems.check(() => {
      const raw = env[name] || String(fallback)
      if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535)
        throw new Error(`${name} must be a port number from 0 to 65535, got '${raw.slice(0, 20)}'`)
      return Number(raw)
    })
  const host = env.HOST || '0.0.0.0'
  const httpPort = port('PORT', 8787)
  const metricsPort = port('METRICS_PORT', 9465)
  const timeout = env.SHUTDOWN_TIMEOUT_SECONDS || '20'
  if (!/^\d{1,4}$/.test(timeout) || Number(timeout) === 0)
    problems.add(
      `SHUTDOWN_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 9999, got '${timeout.slice(0, 20)}'`,
    )
  const anchorInterval = env.AUDIT_ANCHOR_INTERVAL_SECONDS || String(DEFAULT_AUDIT_ANCHOR_INTERVAL_SECONDS)
  if (!/^\d{1,7}$/.test(anchorInterval) || Number(anchorInterval) === 0)
    problems.add(
      `AUDIT_ANCHOR_INTERVAL_SECONDS must be a whole number of seconds from 1 to 9999999, got '${anchorInterval.slice(0, 20)}'`,
    )
  const logLevel = env.LOG_LEVEL || 'info'
  if (!LOG_LEVELS.includes(logLevel)) problems.add(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`)
  // The database URL is resolved above (DATABASE_URL_FILE included); an unreadable file is already a problem.
  const database =
    env.DATABASE_URL || !processEnv.DATABASE_URL_FILE
      ? problems.check(() =>
          databaseFromSettings({}, { DATABASE_URL: env.DATABASE_URL, DATA_DIR: env.DATA_DIR }),
        )
      : undefined
  let config: ApiConfig | undefined
  try {
    config = await loadConfig({ ...env, DEV_MODE: undefined })
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    // Already reported above: a missing PUBLIC_ORIGIN would otherwise also be "not https".
    for (const problem of error.problems)
      if (!env.PUBLIC_ORIGIN && problem.startsWith('PUBLIC_ORIGIN')) continue
      else if (!env.INSTANCE_KEY && processEnv.INSTANCE_KEY_FILE && problem.startsWith('INSTANCE_KEY'))
        continue
      else problems.add(problem)
  }
  const adminKeyStatements = env.ADMIN_KEY_METADATA_DIR
    ? problems.check(() => readAdminKeyMetadata(env.ADMIN_KEY_METADATA_DIR!))
    : []
  if (config && adminKeyStatements) config = { ...config, adminKeyStatements }
  if (!existsSync(join(webDist, 'index.html')))
    problems.add(`the web app is not built (${webDist} has no index.html): run npm run build`)
  if (problems.list.length > 0) return { problems: problems.list }
  return {
    settings: {
      config: config!,
      database: database!,
      host,
      port: httpPort!,
      metricsHost: env.METRICS_HOST || host,
      metricsPort: metricsPort!,
      shutdownTimeoutMs: Number(timeout) * 1000,
      logLevel,
      auditAnchorIntervalMs: Number(anchorInterval) * 1000,
    },
  }
}

/** `stratos serve`: serves until SIGTERM or SIGINT, then drains and exits 0. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' } },
    strict: true,
  })
  if (values.help) {
    console.log(help)
    return 0
  }
  const read = await readServeSettings(process.env)
  if ('problems' in read) {
    const { problems } = read
    console.error(
      `stratos serve: cannot start, ${problems.length === 1 ? 'a setting is wrong' : `${problems.length} settings are wrong`}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
    return 1
  }
  const {
    config,
    database,
    host,
    port,
    metricsHost,
    metricsPort,
    shutdownTimeoutMs,
    logLevel,
    auditAnchorIntervalMs,
  } = read.settings
  const logger = createLogger({ level: logLevel })
  const metrics = createApiMetrics()
  const db = createDatabase(database, { onQuery: metrics.observeQuery })
  // The database holds sessions and sealed secrets: another local user must not read it.
  const exposed =
    database.kind === 'sqlite'
      ? sqliteFileExposure(database.file, {
          folder: !process.env.DATABASE_URL && !process.env.DATABASE_URL_FILE,
        })
      : []
  if (exposed.length > 0) {
    await db.destroy()
    console.error(
      `stratos serve: refusing to serve a database other users can read:\n${exposed.map((p) => `  - ${p}`).join('\n')}`,
    )
    return 1
  }
  const where = describeDatabase(database)
  const stopped: (() => Promise<unknown>)[] = [() => db.destroy()]
  const stopAll = async () => {
    for (const stop of stopped.splice(0).reverse()) await stop()
  }
  try {
    // First the lock: a restore in progress must not see its database opened and checked.
    const lock = await holdInstanceLock(database, {
      onLost: (error) =>
        logger.error({ err: error }, 'the instance lock was lost (database connection broke)'),
    })
    stopped.push(() => lock.release())
    const status = await schemaStatus(db)
    if (status.state !== 'current') {
      console.error(
        status.state === 'behind'
          ? `stratos serve: the schema of ${where} is older than this version (${status.pending.length} migration(s) not applied: ${status.pending.join(', ')}). Run \`stratos migrate\` first.`
          : `stratos serve: the schema of ${where} is newer than this version (it has ${status.unknown.join(', ')}): it was migrated by a newer Stratos Vault. Run that version, or restore a backup taken before the upgrade.`,
      )
      await stopAll()
      return 1
    }
    const sealed = await sealStoredSecrets(db, config.instanceKey)
    if (sealed.length > 0)
      logger.info({ settings: sealed }, 'sealed secrets stored in clear by an earlier version')
    if (config.adminKeyStatements.length > 0)
      logger.info(
        { models: config.adminKeyStatements.map((statement) => statement.description) },
        'security key models trusted for admins (ADMIN_KEY_METADATA_DIR)',
      )
    await logAuditAnchor(db, logger)
    const stopAnchors = startAuditAnchors(db, logger, auditAnchorIntervalMs)
    stopped.push(async () => stopAnchors())

    // Listening for the stop signals before anything says "serving": a supervisor that sends
    // SIGTERM the moment it reads that line must not meet the default action (death, no drain).
    const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', resolve)
      process.once('SIGINT', resolve)
    })
    const server = await startApiServer({ db, config, port, host, staticDir: webDist, logger, metrics })
    let drained: { inFlightAtClose: number; cut: number } | undefined
    stopped.push(async () => {
      drained = await server.close(shutdownTimeoutMs)
    })
    const metricsServer = await startMetricsServer({ metrics, host: metricsHost, port: metricsPort })
    stopped.push(() => metricsServer.close())
    metrics.setReady(true)

    const enrollment = await issueAdminEnrollmentOnce(db, config.origin)
    if (enrollment.kind === 'issued')
      console.log(
        `Admin enrollment link (one use; makes whoever opens it the first admin): ${enrollment.link}`,
      )
    if (enrollment.kind === 'outstanding')
      console.log(
        `The instance has no admin yet: the enrollment link issued at ${enrollment.issuedAt} is still valid (\`stratos admin-link\` issues a new one)`,
      )
    console.log(
      `Stratos Vault serving ${config.origin} on ${server.url} (metrics on ${metricsServer.url}/metrics)`,
    )

    const signal = await stopSignal
    logger.info({ signal, timeoutMs: shutdownTimeoutMs }, 'shutting down: draining requests in flight')
    metrics.setReady(false)
    // The metrics listener stays until the app has drained (stopped in reverse order).
    await stopAll()
    logger.info({ ...drained }, 'stopped')
    return 0
  } catch (error) {
    // Nothing may stay open behind a failed start (the lock, the pool): then one line says why.
    await stopAll().catch(() => {})
    console.error(
      `stratos serve: ${error instanceof BackupError ? error.shortMessage : error instanceof Error ? error.message : String(error)}`,
    )
    return 1
  }
}
