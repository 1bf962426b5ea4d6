/**
 * The files of an instance, without the filesystem: what `stratos instance create` writes (the
 * Cloudflare shape `cloudflare/wrangler.<name>.toml` and the Node shape `instances/<name>.env`, both
 * under the deploy folder), the commands it prints, and what `stratos instance list` reads back.
 *
 * One instance is one name, one origin, one RP id, one database and its own secrets; an optional
 * staging environment is the same again under other names. No two instances, and no two
 * environments of one, share a worker, a D1 database (name or id), an origin or an RP id.
 */
import { parseEnv } from 'node:util'
import { parseOrigin, WORKER_COMPATIBILITY } from '@stratos/api'
import { parse as parseToml } from 'smol-toml'
import { getPublicSuffix } from 'tldts'

/** `[a-z][a-z0-9-]{1,30}`, the issue-12 convention; not ending with `-` (a worker name cannot). */
const INSTANCE_NAME = /^[a-z][a-z0-9-]{0,29}[a-z0-9]$/

/** Shown to people and passkey managers; kept to characters that need no quoting in an env file. */
const DISPLAY_NAME = /^[\p{L}\p{N}](?:[\p{L}\p{N} .,'&()_-]{0,62}[\p{L}\p{N}.)])?$/u

/** D1 database ids are UUIDs (`wrangler d1 create` prints one). */
const DATABASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The `database_id` of a D1 database not created yet: `wrangler d1 create` gives the real one. */
export const DATABASE_ID_PLACEHOLDER = '00000000-0000-0000-0000-000000000000'

/** The Worker settings every instance shares (issue 12 conventions). */
const WORKER = {
  main: '../../apps/api/src/worker.ts',
  compatibilityDate: WORKER_COMPATIBILITY.date,
  compatibilityFlags: WORKER_COMPATIBILITY.flags,
  assetsDirectory: '../../apps/web/dist',
  migrationsDir: 'migrations',
  /** The Cron Trigger: `scheduled` of worker.ts deletes old sessions and expired challenges. */
  crons: ['*/10 * * * *'],
} as const

/** The wrangler environments an instance may have besides its top level (production). */
export type EnvironmentName = 'staging'

/** One deployment of an instance: production (the top level) or its staging environment. */
export interface InstanceEnvironment {
  /** `null` for the top level (production), else the `[env.<name>]` it is in. */
  env: EnvironmentName | null
  /** Worker name, also the D1 database name: `stratos-<name>` or `stratos-<name>-staging`. */
  worker: string
  databaseName: string
  /** The D1 database id, or {@link DATABASE_ID_PLACEHOLDER} until `wrangler d1 create` gives it. */
  databaseId: string
  origin: string
  rpId: string
  /** `INSTANCE_NAME`: shown in the app and to passkey managers. */
  displayName: string
}

/** A checked instance, ready to render. */
export interface InstanceSpec {
  name: string
  /** Production first, then staging when there is one. */
  environments: InstanceEnvironment[]
}

/** What `stratos instance create` is given (its options). */
export interface InstanceOptions {
  name: string
  origin?: string | undefined
  rpId?: string | undefined
  displayName?: string | undefined
  databaseId?: string | undefined
  stagingOrigin?: string | undefined
  stagingRpId?: string | undefined
  stagingDatabaseId?: string | undefined
}

/** An instance cannot be made as asked, or a file of one cannot be read: `problems` says why. */
export class InstanceError extends Error {
  override name = 'InstanceError'
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0]! : problems.map((p) => `  - ${p}`).join('\n'))
  }
}

/** Where an instance's files are, relative to the deploy folder. */
export function instanceFilePaths(name: string): {
  config: string
  envFile: (env: EnvironmentName | null) => string
} {
  return {
    config: `cloudflare/wrangler.${name}.toml`,
    envFile: (env) => `instances/${name}${env ? `.${env}` : ''}.env`,
  }
}

/** The Node shape's folders of an environment: its data and its secret files. */
export function nodePaths(worker: string): {
  dataDir: string
  sessionSecretFile: string
  instanceKeyFile: string
} {
  const key = worker.replace(/^stratos-/, '')
  return {
    dataDir: `/var/lib/stratos/${key}`,
    sessionSecretFile: `/etc/stratos/${key}/session-secret`,
    instanceKeyFile: `/etc/stratos/${key}/instance-key`,
  }
}

/**
 * Checks the options of `stratos instance create` and derives the instance: every problem found,
 * at once, as an {@link InstanceError}. Conflicts with other instances are {@link instanceConflicts}.
 */
export function instanceSpec(options: InstanceOptions): InstanceSpec {
  const problems: string[] = []
  const { name } = options
  if (!INSTANCE_NAME.test(name))
    problems.push(
      `instance name '${name.slice(0, 40)}' must be 2 to 31 of a-z 0-9 -, starting with a letter and not ending with -`,
    )
  const displayName = options.displayName ?? name
  if (!DISPLAY_NAME.test(displayName))
    problems.push(
      `--display-name '${displayName.slice(0, 80)}' must be 1 to 64 letters, digits, spaces and . , ' & ( ) _ -, starting with a letter or digit`,
    )
  const environment = (
    env: EnvironmentName | null,
    flag: string,
    origin: string | undefined,
    rpId: string | undefined,
    databaseId: string | undefined,
  ): InstanceEnvironment | null => {
    const worker = `stratos-${name}${env ? `-${env}` : ''}`
    if (origin === undefined) {
      problems.push(`--${flag}origin is required: the origin users open (https://wallet.example.com)`)
      return null
    }
    const checked = checkOrigin(origin, `--${flag}origin`, problems)
    if (databaseId !== undefined && !DATABASE_ID.test(databaseId))
      problems.push(
        `--${flag}database-id '${databaseId.slice(0, 60)}' is not a D1 database id (the UUID 'wrangler d1 create ${worker}' prints)`,
      )
    if (checked === null) return null
    const host = new URL(checked).hostname
    const chosenRpId = rpId === undefined ? host : domainOf(rpId)
    const rpProblem = rpIdProblem(chosenRpId, host, `--${flag}rp-id`)
    if (rpProblem) problems.push(rpProblem)
    return {
      env,
      worker,
      databaseName: worker,
      databaseId: databaseId ?? DATABASE_ID_PLACEHOLDER,
      origin: checked,
      rpId: chosenRpId,
      displayName: env ? `${displayName} (${env})` : displayName,
    }
  }
  const environments = [
    environment(null, '', options.origin, options.rpId, options.databaseId),
    options.stagingOrigin === undefined &&
    options.stagingRpId === undefined &&
    options.stagingDatabaseId === undefined
      ? null
      : environment(
          'staging',
          'staging-',
          options.stagingOrigin,
          options.stagingRpId,
          options.stagingDatabaseId,
        ),
  ]
  if (problems.length > 0) throw new InstanceError(problems)
  return { name, environments: environments.filter((e): e is InstanceEnvironment => e !== null) }
}

/** An origin as the API accepts it (`parseOrigin`), that a Workers custom domain can also serve. */
function checkOrigin(value: string, flag: string, problems: string[]): string | null {
  let origin: string
  try {
    origin = parseOrigin(value, flag)
  } catch (error) {
    problems.push((error as Error).message)
    return null
  }
  const url = new URL(origin)
  if (url.protocol === 'https:') {
    // A custom domain is a host name served on 443: no port, no IP address.
    if (url.port !== '') {
      problems.push(`${flag} '${value}' has a port: a Workers custom domain serves https on 443 only`)
      return null
    }
    if (/^[\d.]+$|^\[/.test(url.hostname)) {
      problems.push(`${flag} '${value}' is an IP address: the origin needs a domain name`)
      return null
    }
  }
  return origin
}

/** A domain as a URL's host has it (lower case, international names in punycode), else as given. */
function domainOf(value: string): string {
  if (!/^[\p{L}\p{N}.-]+$/u.test(value)) return value
  try {
    return new URL(`https://${value}`).hostname
  } catch {
    return value
  }
}

/**
 * Why `rpId` cannot be the RP ID of an origin on `host`, or null when it can: WebAuthn §5.1.3
 * (RP ID) and HTML's "is a registrable domain suffix of or is equal to": the host itself, or a
 * parent domain of it that is not a public suffix (`com`, `co.uk`, `workers.dev`).
 */
export function rpIdProblem(rpId: string, host: string, flag = '--rp-id'): string | null {
  if (rpId === host) return null
  if (!host.endsWith(`.${rpId}`))
    return `${flag} '${rpId.slice(0, 100)}' is neither the host of the origin (${host}) nor a parent domain of it`
  if (getPublicSuffix(rpId, { allowPrivateDomains: true }) === rpId)
    return `${flag} '${rpId}' is a public suffix (like com, co.uk or workers.dev): browsers refuse it as an RP ID; use ${host} or a domain registered under a public suffix`
  return null
}

/** A TOML basic string. The values are checked above, so JSON's escapes are all TOML escapes. */
function str(value: string): string {
  return JSON.stringify(value)
}

/** The `routes` of an environment: its origin's host as a custom domain (none for a localhost origin). */
function routes(environment: InstanceEnvironment): string[] {
  const url = new URL(environment.origin)
  if (url.protocol !== 'https:') return []
  return [`routes = [{ pattern = ${str(url.hostname)}, custom_domain = true }]`]
}

function d1Database(environment: InstanceEnvironment, header: string): string[] {
  return [
    header,
    'binding = "DB"',
    `database_name = ${str(environment.databaseName)}`,
    ...(environment.databaseId === DATABASE_ID_PLACEHOLDER
      ? [`# Placeholder: the id 'wrangler d1 create ${environment.databaseName}' prints replaces it.`]
      : []),
    `database_id = ${str(environment.databaseId)}`,
    `migrations_dir = ${str(WORKER.migrationsDir)}`,
  ]
}

/**
 * The Cron Trigger of an environment: the sweep the Node server runs on a timer. Wrangler would
 * inherit the top level's into `[env.staging]` (and its observability); each environment states
 * its own all the same, as it does its database and vars, so the file reads as what is deployed.
 */
function triggers(header: string): string[] {
  return [header, `crons = [${WORKER.crons.map(str).join(', ')}]`]
}

/** Workers Logs: the Worker's JSON log lines are kept only when its observability is on. */
function observability(header: string): string[] {
  return [header, 'enabled = true']
}

function vars(environment: InstanceEnvironment, header: string): string[] {
  return [
    header,
    `PUBLIC_ORIGIN = ${str(environment.origin)}`,
    `RP_ID = ${str(environment.rpId)}`,
    `INSTANCE_NAME = ${str(environment.displayName)}`,
  ]
}

/** `cloudflare/wrangler.<name>.toml`: the instance as a Worker with its D1 database and assets. */
export function renderWranglerToml(spec: InstanceSpec): string {
  const [production, ...others] = spec.environments
  if (!production) throw new InstanceError([`instance ${spec.name} has no environment`])
  const config = instanceFilePaths(spec.name).config
  const lines = [
    `# Stratos Vault instance "${spec.name}" on Cloudflare Workers + D1, written by`,
    '# `stratos instance create` (see deploy/README.md). Secrets are never in this file:',
    `#   wrangler secret put SESSION_SECRET -c deploy/${config}`,
    `#   wrangler secret put INSTANCE_KEY -c deploy/${config}`,
    `name = ${str(production.worker)}`,
    `main = ${str(WORKER.main)}`,
    `compatibility_date = ${str(WORKER.compatibilityDate)}`,
    `compatibility_flags = [${WORKER.compatibilityFlags.map(str).join(', ')}]`,
    ...routes(production),
    '',
    '[assets]',
    `directory = ${str(WORKER.assetsDirectory)}`,
    'binding = "ASSETS"',
    'run_worker_first = true',
    '',
    ...d1Database(production, '[[d1_databases]]'),
    '',
    '# Every 10 minutes the Worker deletes old sessions and expired challenges (its `scheduled`).',
    ...triggers('[triggers]'),
    '',
    '# Workers Logs keeps the JSON lines the Worker logs (requests, errors, the sweep).',
    ...observability('[observability]'),
    '',
    ...vars(production, '[vars]'),
  ]
  for (const environment of others) {
    const env = `env.${environment.env}`
    lines.push(
      '',
      `# The ${environment.env} environment (--env ${environment.env}): its own Worker, database, origin and RP id.`,
      `[${env}]`,
      `name = ${str(environment.worker)}`,
      ...routes(environment),
      '',
      ...d1Database(environment, `[[${env}.d1_databases]]`),
      '',
      ...triggers(`[${env}.triggers]`),
      '',
      ...observability(`[${env}.observability]`),
      '',
      ...vars(environment, `[${env}.vars]`),
    )
  }
  return `${lines.join('\n')}\n`
}

/** `instances/<name>[.<env>].env`: the same environment for `stratos serve` on Node. */
export function renderEnvFile(spec: InstanceSpec, environment: InstanceEnvironment): string {
  const paths = nodePaths(environment.worker)
  const envFile = instanceFilePaths(spec.name).envFile(environment.env)
  const label = environment.env ? `, ${environment.env} environment` : ''
  return `${[
    `# Stratos Vault instance "${spec.name}"${label} on Node (\`stratos serve\`), written by`,
    `# \`stratos instance create\`: the settings of deploy/${instanceFilePaths(spec.name).config}.`,
    '# Secrets are files (0600, readable by the service alone), never values here:',
    `#   openssl rand -base64 48 > ${paths.sessionSecretFile}`,
    `#   openssl rand -base64 48 > ${paths.instanceKeyFile}`,
    `# Run: node --env-file=deploy/${envFile} apps/cli/dist/stratos.js serve`,
    `PUBLIC_ORIGIN=${environment.origin}`,
    `RP_ID=${environment.rpId}`,
    `INSTANCE_NAME=${environment.displayName}`,
    `SESSION_SECRET_FILE=${paths.sessionSecretFile}`,
    `INSTANCE_KEY_FILE=${paths.instanceKeyFile}`,
    '# SQLite at $DATA_DIR/stratos.sqlite; for PostgreSQL instead, drop DATA_DIR and set',
    `# DATABASE_URL_FILE=/etc/stratos/${environment.worker.replace(/^stratos-/, '')}/database-url (postgres://…)`,
    `DATA_DIR=${paths.dataDir}`,
  ].join('\n')}\n`
}

/**
 * What the operator runs next, for each environment: create the D1 database, apply the
 * migrations, put the secrets, deploy; then the Node shape. `config` and `envFile` are the paths
 * as the operator types them (relative to where they run the commands).
 */
export function nextSteps(
  spec: InstanceSpec,
  config: string,
  envFile: (env: EnvironmentName | null) => string,
): string {
  const lines: string[] = []
  for (const environment of spec.environments) {
    const c = `-c ${config}${environment.env ? ` --env ${environment.env}` : ''}`
    const title = environment.env ? `${environment.env} (${environment.origin})` : environment.origin
    lines.push(
      `Cloudflare, ${title}:`,
      `  wrangler d1 create ${environment.databaseName}`,
      ...(environment.databaseId === DATABASE_ID_PLACEHOLDER
        ? [
            `      then put the database_id it prints into ${config}${environment.env ? ` [env.${environment.env}]` : ''}`,
          ]
        : []),
      `  wrangler d1 migrations apply DB --remote ${c}`,
      `  openssl rand -base64 48 | wrangler secret put SESSION_SECRET ${c}`,
      `  openssl rand -base64 48 | wrangler secret put INSTANCE_KEY ${c}`,
      `  npm run build && wrangler deploy ${c}`,
      `  npx stratos admin-link --wrangler ${config}${environment.env ? ` --env ${environment.env}` : ''} --remote   # the first admin's link`,
      '',
    )
  }
  for (const environment of spec.environments) {
    const paths = nodePaths(environment.worker)
    const file = envFile(environment.env)
    lines.push(
      `Node, ${environment.env ?? 'production'} (${file}):`,
      `  install -d -m 0700 ${paths.dataDir} ${paths.sessionSecretFile.replace(/\/[^/]+$/, '')}`,
      `  openssl rand -base64 48 > ${paths.sessionSecretFile}`,
      `  openssl rand -base64 48 > ${paths.instanceKeyFile}`,
      `  chmod 0600 ${paths.sessionSecretFile} ${paths.instanceKeyFile}`,
      `  node --env-file=${file} apps/cli/dist/stratos.js migrate`,
      `  node --env-file=${file} apps/cli/dist/stratos.js serve`,
      '',
    )
  }
  lines.push(
    'Secrets: SESSION_SECRET and INSTANCE_KEY are at least 32 characters each (openssl rand -base64 48',
    'gives 64), generated for this instance alone; keep INSTANCE_KEY: it opens the secrets in its database.',
  )
  return lines.join('\n')
}

/** One environment of an instance as read back from its files. */
export interface EnvironmentSummary {
  env: string | null
  /** Null when only the env file (Node shape) has the environment. */
  worker: string | null
  /** The D1 database of binding `DB`; null when there is none (or only an env file). */
  databaseName: string | null
  databaseId: string | null
  /** Null for a wrangler file that sets no PUBLIC_ORIGIN var. */
  origin: string | null
  rpId: string | null
}

/** An instance as read back from the deploy folder (`stratos instance list`). */
export interface InstanceSummary {
  name: string
  /** The wrangler file (relative to the deploy folder), or null when only env files exist. */
  config: string | null
  /** The env files found (relative to the deploy folder). */
  envFiles: string[]
  environments: EnvironmentSummary[]
}

type Table = Record<string, unknown>

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The environments of a wrangler file: throws an {@link InstanceError} naming `file` and what is
 * wrong (not TOML, an environment without a worker name, a PUBLIC_ORIGIN that is not a URL).
 */
export function readWranglerToml(file: string, text: string): EnvironmentSummary[] {
  let config: Table
  try {
    config = parseToml(text)
  } catch (error) {
    const line = (error as { line?: number }).line
    throw new InstanceError([`${file}: not valid TOML${line ? ` (line ${line})` : ''}`])
  }
  const problems: string[] = []
  const read = (table: Table, env: string | null): EnvironmentSummary | null => {
    const where = env ? `[env.${env}]` : 'the top level'
    // Wrangler names an environment without a name of its own <top-level name>-<environment>.
    const worker =
      table.name ?? (env !== null && typeof config.name === 'string' ? `${config.name}-${env}` : undefined)
    if (typeof worker !== 'string') {
      problems.push(`${file}: ${where} has no name (the worker)`)
      return null
    }
    const db = Array.isArray(table.d1_databases)
      ? table.d1_databases.find((entry) => isTable(entry) && entry.binding === 'DB')
      : undefined
    const vars = isTable(table.vars) ? table.vars : {}
    // A worker configured by hand may set its origin elsewhere (a .dev.vars file): then it has none here.
    let origin: string | null = null
    if (vars.PUBLIC_ORIGIN !== undefined) {
      try {
        origin = new URL(String(vars.PUBLIC_ORIGIN)).origin
      } catch {
        problems.push(
          `${file}: ${where} PUBLIC_ORIGIN '${String(vars.PUBLIC_ORIGIN).slice(0, 80)}' is not a URL`,
        )
        return null
      }
    }
    const text = (value: unknown) => (typeof value === 'string' ? value : null)
    return {
      env,
      worker,
      databaseName: isTable(db) ? text(db.database_name) : null,
      databaseId: isTable(db) ? text(db.database_id) : null,
      origin,
      rpId: text(vars.RP_ID)?.toLowerCase() ?? (origin ? new URL(origin).hostname : null),
    }
  }
  const environments = [read(config, null)]
  if (config.env !== undefined && !isTable(config.env)) problems.push(`${file}: env is not a table`)
  for (const [env, table] of Object.entries(isTable(config.env) ? config.env : {})) {
    if (isTable(table)) environments.push(read(table, env))
    else problems.push(`${file}: env.${env} is not a table`)
  }
  if (problems.length > 0) throw new InstanceError(problems)
  return environments.filter((e): e is EnvironmentSummary => e !== null)
}

/** An environment as its env file gives it (Node shape only): throws naming `file` when unusable. */
export function readEnvFile(file: string, env: string | null, text: string): EnvironmentSummary {
  const vars = parseEnv(text)
  const origin = vars.PUBLIC_ORIGIN
  if (!origin) throw new InstanceError([`${file}: no PUBLIC_ORIGIN`])
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    throw new InstanceError([`${file}: PUBLIC_ORIGIN '${origin.slice(0, 80)}' is not a URL`])
  }
  return {
    env,
    worker: null,
    databaseName: null,
    databaseId: null,
    origin: url.origin,
    rpId: (vars.RP_ID || url.hostname).toLowerCase(),
  }
}

/**
 * Everything `spec` would share with another instance (`others`, the instance of the same name
 * excepted: that is the one being replaced) or one of its environments with another: worker, D1
 * database name or id, origin, RP id. Empty when there is nothing. `where` shows a file of the
 * deploy folder as the operator knows it.
 */
export function instanceConflicts(
  spec: InstanceSpec,
  others: readonly InstanceSummary[],
  where: (file: string) => string = (file) => file,
): string[] {
  const problems: string[] = []
  const fields = [
    ['worker', 'worker'],
    ['databaseName', 'D1 database'],
    ['databaseId', 'D1 database id'],
    ['origin', 'origin'],
    ['rpId', 'RP id'],
  ] as const
  const label = (env: string | null) => env ?? 'production'
  const mine = spec.environments
  mine.forEach((environment, i) => {
    for (const [field, what] of fields) {
      const value = environment[field]
      if (field === 'databaseId' && value === DATABASE_ID_PLACEHOLDER) continue
      for (const sibling of mine.slice(0, i))
        if (sibling[field] === value)
          problems.push(
            `the ${label(environment.env)} ${what} ${value} is also the ${label(sibling.env)} one: each environment has its own`,
          )
      for (const other of others) {
        if (other.name === spec.name) continue
        for (const theirs of other.environments)
          if (theirs[field] === value && value !== null)
            problems.push(
              `${what} ${value} is already used by instance ${other.name}${theirs.env ? ` (${theirs.env})` : ''} in ${[other.config ?? other.envFiles].flat().map(where).join(', ')}: an instance never shares it`,
            )
      }
    }
  })
  return problems
}
