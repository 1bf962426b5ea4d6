/**
 * The first admin's enrollment link of a Worker instance: the token's hash goes into the
 * instance's D1 database through `wrangler d1 execute` (as `ensureAdminEnrollment` writes it on
 * Node), in one statement that writes nothing once the instance has an admin.
 */
import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { readWranglerToml } from './instanceFiles.js'

/** Where the Worker's D1 database is: Cloudflare's, or wrangler's local copy (dev). */
export type D1Target = { remote: true } | { remote: false; persistTo?: string }

export interface D1AdminLinkOptions {
  /** The instance's wrangler configuration (`deploy/cloudflare/wrangler.<name>.toml`). */
  config: string
  /** A named environment of it (`staging`); absent, the top level. */
  env?: string
  target: D1Target
}

/** The statement that stores `hash` as the one outstanding enrollment link, unless there is an admin. */
export function enrollmentStatement(hash: string, at: string): string {
  const text = (value: string) => `'${value.replaceAll("'", "''")}'`
  return [
    'insert into instance_settings (key, value, updated_at)',
    `select 'admin_enrollment_token_sha256', ${text(JSON.stringify(hash))}, ${text(at)}`,
    "where not exists (select 1 from users where role = 'admin')",
    'on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at',
    // The stored row comes back; none when there is an admin (wrangler's local mode reports no changes).
    'returning key',
  ].join(' ')
}

/**
 * Issues a new enrollment link (any earlier one stops working) and returns it, or null when the
 * instance already has an admin. Throws with wrangler's message when the database cannot be reached.
 */
export async function issueD1AdminLink(options: D1AdminLinkOptions): Promise<string | null> {
  const environments = readWranglerToml(options.config, readFileSync(options.config, 'utf8'))
  const environment = environments.find((e) => e.env === (options.env ?? null))
  if (!environment) throw new Error(`${options.config} has no environment ${options.env}`)
  if (!environment.origin)
    throw new Error(`${options.config} sets no PUBLIC_ORIGIN var: the link needs its origin`)
  const token = randomBytes(32).toString('base64url')
  const hash = createHash('sha256').update(token).digest('base64url')
  const results = await d1Execute(options, enrollmentStatement(hash, new Date().toISOString()))
  const stored = results.some((result) => (result.results ?? []).length > 0)
  return stored ? `${environment.origin}/enroll#token=${token}` : null
}

async function d1Execute(
  { config, env, target }: D1AdminLinkOptions,
  command: string,
): Promise<{ results?: unknown[] }[]> {
  const wrangler = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js')
  const args = [wrangler, 'd1', 'execute', 'DB', '-c', config, '--json', '--command', command]
  if (env) args.push('--env', env)
  if (target.remote) args.push('--remote')
  else args.push('--local', ...(target.persistTo ? ['--persist-to', target.persistTo] : []))
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    })
    return JSON.parse(stdout) as { results?: unknown[] }[]
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    const detail = `${stdout ?? ''}\n${stderr ?? ''}`.trim().split('\n').slice(-5).join('\n')
    throw new Error(`wrangler d1 execute failed: ${detail || (error as Error).message}`)
  }
}
