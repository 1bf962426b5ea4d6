import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  DATABASE_ID_PLACEHOLDER,
  type EnvironmentName,
  type EnvironmentSummary,
  InstanceError,
  type InstanceSummary,
  instanceConflicts,
  instanceFilePaths,
  instanceSpec,
  nextSteps,
  readEnvFile,
  readWranglerToml,
  renderEnvFile,
  renderWranglerToml,
} from '../instanceFiles.js'
import { runCommand, UsageError } from '../settings.js'

const help = `usage: stratos instance create <name> --origin https://… [options]
       stratos instance list [--dir DIR] [--json]

One codebase, many instances: each has its own name, origin, RP id, database and secrets.

create writes, under the deploy folder:
  cloudflare/wrangler.<name>.toml  the Worker stratos-<name> with its D1 database stratos-<name>
                                   (binding DB), the web app as assets, the vars PUBLIC_ORIGIN,
                                   RP_ID, INSTANCE_NAME, the origin's host as custom domain, a
                                   Cron Trigger every 10 minutes (the sweep of old sessions) and
                                   Workers Logs
  instances/<name>.env             the same instance for 'stratos serve' on Node (SQLite in
                                   DATA_DIR; secrets as SESSION_SECRET_FILE / INSTANCE_KEY_FILE)
  instances/<name>.staging.env     with --staging-origin: the staging environment on Node
and prints the commands to run next (wrangler d1 create, migrations, secrets, deploy). It refuses,
writing nothing, a bad name or origin, an RP id that is not the origin's host or a parent domain
of it, an existing instance (without --force), and a worker, D1 database, origin or RP id that
another instance (or another environment of this one) already has.

options of create:
  --origin URL               the origin users open: https://wallet.example.com (http only for
                             localhost)
  --rp-id DOMAIN             the WebAuthn RP id: the origin's host (default) or a parent domain
                             of it that is not a public suffix
  --display-name TEXT        INSTANCE_NAME, shown in the app and by passkey managers (default:
                             the name)
  --database-id UUID         the D1 database's id from 'wrangler d1 create stratos-<name>'
                             (default: a placeholder to replace)
  --staging-origin URL       add a staging environment ([env.staging]: worker and D1 database
                             stratos-<name>-staging) on this origin
  --staging-rp-id DOMAIN     its RP id (default: the staging origin's host)
  --staging-database-id UUID its D1 database's id
  --force                    replace the instance's files; database ids already filled in are
                             kept unless given again

options of both:
  --dir DIR                  the deploy folder (default: deploy/ of the repository around the
                             current folder)
  --json                     list: one JSON array instead of the table, each instance with its
                             environments (env null for production; databaseIdPlaceholder true
                             until the id of 'wrangler d1 create' is filled in)`

/** The repository's deploy folder: found upwards from `cwd` (the root package.json of Stratos Vault). */
function defaultDeployDir(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'stratos-vault') return join(dir, 'deploy')
      } catch {}
    }
    if (dirname(dir) === dir)
      throw new UsageError(
        `no Stratos Vault checkout around ${cwd}: run inside it or give the deploy folder with --dir`,
      )
  }
}

/** A path as the operator types it: relative to the current folder when it is below it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel
}

/** Reads every instance under `dir`: the instances, and each unreadable file's problem. */
export function readInstances(dir: string): { instances: InstanceSummary[]; problems: string[] } {
  const problems: string[] = []
  const byName = new Map<string, InstanceSummary>()
  const entry = (name: string): InstanceSummary => {
    let summary = byName.get(name)
    if (!summary) {
      summary = { name, config: null, envFiles: [], environments: [] }
      byName.set(name, summary)
    }
    return summary
  }
  const list = (folder: string) =>
    existsSync(join(dir, folder)) ? readdirSync(join(dir, folder)).sort() : []
  for (const file of list('cloudflare')) {
    const name = /^wrangler\.(.+)\.toml$/.exec(file)?.[1]
    if (!name) continue
    const path = `cloudflare/${file}`
    try {
      const environments = readWranglerToml(shown(join(dir, path)), readFileSync(join(dir, path), 'utf8'))
      Object.assign(entry(name), { config: path, environments })
    } catch (error) {
      if (!(error instanceof InstanceError)) throw error
      problems.push(...error.problems)
    }
  }
  for (const file of list('instances')) {
    const match = /^([^.]+)(?:\.([^.]+))?\.env$/.exec(file)
    if (!match) continue
    const [, name, env] = match as unknown as [string, string, string | undefined]
    const path = `instances/${file}`
    const summary = entry(name)
    summary.envFiles.push(path)
    if (summary.config !== null) continue
    try {
      summary.environments.push(
        readEnvFile(shown(join(dir, path)), env ?? null, readFileSync(join(dir, path), 'utf8')),
      )
    } catch (error) {
      if (!(error instanceof InstanceError)) throw error
      problems.push(...error.problems)
    }
  }
  // A name whose files were all unreadable is only in `problems`.
  const instances = [...byName.values()].filter((i) => i.config !== null || i.environments.length > 0)
  return { instances, problems }
}

function create(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      origin: { type: 'string' },
      'rp-id': { type: 'string' },
      'display-name': { type: 'string' },
      'database-id': { type: 'string' },
      'staging-origin': { type: 'string' },
      'staging-rp-id': { type: 'string' },
      'staging-database-id': { type: 'string' },
      force: { type: 'boolean', default: false },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    console.log(help)
    return 0
  }
  const [name, extra] = positionals
  if (name === undefined)
    throw new UsageError('give the instance name: stratos instance create <name> --origin …')
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`)
  const dir = values.dir === undefined ? defaultDeployDir(process.cwd()) : resolve(values.dir)
  const paths = instanceFilePaths(name)
  const existing = readInstances(dir)
  const previous = existing.instances.find((i) => i.name === name)
  // --force keeps the database ids already filled in (from `wrangler d1 create`) unless given again.
  const keptId = (env: EnvironmentName | null) => idOf(previous?.environments.find((e) => e.env === env))

  const problems: string[] = []
  let spec: ReturnType<typeof instanceSpec> | undefined
  try {
    spec = instanceSpec({
      name,
      origin: values.origin,
      rpId: values['rp-id'],
      displayName: values['display-name'],
      databaseId: values['database-id'] ?? (values.force ? keptId(null) : undefined),
      stagingOrigin: values['staging-origin'],
      stagingRpId: values['staging-rp-id'],
      stagingDatabaseId:
        values['staging-database-id'] ??
        (values.force && values['staging-origin'] !== undefined ? keptId('staging') : undefined),
    })
  } catch (error) {
    if (!(error instanceof InstanceError)) throw error
    problems.push(...error.problems)
  }
  if (previous && !values.force)
    problems.push(
      `instance ${name} exists (${[previous.config, ...previous.envFiles].filter(Boolean).join(', ')}): --force replaces its files`,
    )
  // Every other instance must be readable, or nothing can say the new one shares nothing with it.
  problems.push(...existing.problems.map((p) => `cannot check against ${p}`))
  const at = (file: string) => shown(join(dir, file))
  if (spec) problems.push(...instanceConflicts(spec, existing.instances, at))
  if (problems.length > 0 || !spec) {
    console.error(
      `stratos instance create: nothing written, ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`}`,
    )
    return 1
  }

  const files = new Map<string, string>([[paths.config, renderWranglerToml(spec)]])
  for (const environment of spec.environments)
    files.set(paths.envFile(environment.env), renderEnvFile(spec, environment))
  const stale = (previous?.envFiles ?? []).filter((file) => !files.has(file))
  writeAll(dir, files)
  for (const file of stale) rmSync(join(dir, file), { force: true })

  console.log(
    [
      `Wrote instance ${name}:`,
      ...[...files.keys()].map((file) => `  ${at(file)}`),
      ...stale.map((file) => `Removed ${at(file)} (no ${file.split('.').at(-2)} environment any more)`),
      '',
      nextSteps(spec, at(paths.config), (env) => at(paths.envFile(env))),
    ].join('\n'),
  )
  return 0
}

function idOf(environment: EnvironmentSummary | undefined): string | undefined {
  const id = environment?.databaseId
  return id && id !== DATABASE_ID_PLACEHOLDER ? id : undefined
}

/** Writes every file beside its place first, then renames them in: a failed write leaves none. */
function writeAll(dir: string, files: Map<string, string>): void {
  const written: string[] = []
  try {
    for (const [file, text] of files) {
      const path = join(dir, file)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(`${path}.tmp-${process.pid}`, text, { flag: 'wx' })
      written.push(path)
    }
  } catch (error) {
    for (const path of written) rmSync(`${path}.tmp-${process.pid}`, { force: true })
    throw error
  }
  for (const path of written) renameSync(`${path}.tmp-${process.pid}`, path)
}

function list(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    console.log(help)
    return 0
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`)
  const dir = values.dir === undefined ? defaultDeployDir(process.cwd()) : resolve(values.dir)
  const { instances, problems } = readInstances(dir)
  const rows = instances.map((instance) => {
    const production = instance.environments.find((e) => e.env === null) ?? instance.environments[0]
    return {
      name: instance.name,
      origin: production?.origin ?? null,
      rpId: production?.rpId ?? null,
      worker: production?.worker ?? null,
      database: production?.databaseName ?? null,
      databaseIdPlaceholder:
        production?.databaseId === null || production?.databaseId === undefined
          ? null
          : production.databaseId === DATABASE_ID_PLACEHOLDER,
      staging: instance.environments.some((e) => e.env === 'staging'),
      envFile: instance.envFiles.includes(instanceFilePaths(instance.name).envFile(null)),
      config: instance.config,
      // Each environment whole (JSON only): what a pipeline needs to deploy every one of them.
      environments: instance.environments.map((environment) => ({
        env: environment.env,
        worker: environment.worker,
        database: environment.databaseName,
        databaseIdPlaceholder:
          environment.databaseId === null ? null : environment.databaseId === DATABASE_ID_PLACEHOLDER,
        origin: environment.origin,
        rpId: environment.rpId,
      })),
    }
  })
  if (values.json) console.log(JSON.stringify(rows, null, 2))
  else if (rows.length === 0) console.log(`no instances in ${shown(dir)}`)
  else {
    const table = [
      ['NAME', 'ORIGIN', 'RP ID', 'WORKER', 'D1 DATABASE', 'STAGING', 'ENV FILE'],
      ...rows.map((row) => [
        row.name,
        row.origin ?? '-',
        row.rpId ?? '-',
        row.worker ?? '-',
        row.database === null
          ? '-'
          : `${row.database}${row.databaseIdPlaceholder ? ' (id: placeholder)' : ''}`,
        row.staging ? 'yes' : 'no',
        row.envFile ? 'yes' : 'no',
      ]),
    ]
    const widths = table[0]!.map((_, column) => Math.max(...table.map((cells) => cells[column]!.length)))
    for (const cells of table)
      console.log(
        cells
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join('  ')
          .trimEnd(),
      )
  }
  for (const problem of problems) console.error(`stratos instance list: ${problem}`)
  return problems.length > 0 ? 1 : 0
}

/** `stratos instance create|list`: the instances' deployment files. Exit codes: 0 ok, 1 refused, 2 bad usage. */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === '--help' || sub === '-h') {
    console.log(help)
    return 0
  }
  return runCommand('instance', help, async () => {
    if (sub === 'create') return create(rest)
    if (sub === 'list') return list(rest)
    throw new UsageError(sub ? `unknown subcommand '${sub}'` : 'give a subcommand: create or list')
  })
}
