/**
 * Test and bench helper: the product Worker (`apps/api/src/worker.ts`) with the built web app,
 * served by `wrangler dev --local` as an instance's wrangler configuration describes it, on a D1
 * database migrated by `wrangler d1 migrations apply --local`. Everything runs in workerd on this
 * machine: nothing is sent to Cloudflare (no `--remote`, no metrics, no update check, no
 * `Request.cf` download, no login). Node only; never part of the product.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { WORKER_COMPATIBILITY } from '@stratos/api'
import { freePort } from '@stratos/db'

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..')
const WRANGLER = join(repoRoot, 'node_modules/wrangler/bin/wrangler.js')
const WEB_DIST = join(repoRoot, 'apps/web/dist')

export interface WranglerDevOptions {
  /**
   * The Worker's entry, default the product's `apps/api/src/worker.ts` (a bench's baseline Worker
   * instead must answer `GET /readyz` with 200 too).
   */
  main?: string
  /**
   * Further `[vars]` of the instance (the settings `apps/api/src/config.ts` reads); PUBLIC_ORIGIN
   * is the served URL and INSTANCE_KEY, SESSION_SECRET are random secrets unless given here.
   */
  vars?: Record<string, string>
  /** How long `wrangler dev` may take to answer `/readyz` with 200 (default 90 s). */
  timeoutMs?: number
  /**
   * Where wrangler's output goes (a bench: per-request lines are not kept in memory); default: kept
   * in memory for {@link WranglerDev.output}.
   */
  logFile?: string
}

export interface WranglerDev {
  /**
   * `http://localhost:<port>`: the instance's PUBLIC_ORIGIN. `localhost`, not `127.0.0.1`: an IP
   * address cannot be a WebAuthn RP id. wrangler listens on 127.0.0.1 only.
   */
  url: string
  /** `http://127.0.0.1:<port>`: the same server without name resolution (load clients). */
  address: string
  /** The temporary folder: `wrangler.json`, `.dev.vars`, the D1 state (`state/`), wrangler's logs. */
  dir: string
  /** The `wrangler dev` process (the leader of its process group; workerd is its child). */
  child: ChildProcess
  /** Everything `wrangler dev` printed so far (the Worker's log lines included). */
  output(): string
  /**
   * Runs SQL on the instance's local D1 database (`wrangler d1 execute --local`) and resolves with
   * the rows of its last statement.
   */
  query(sql: string): Promise<Record<string, unknown>[]>
  /** Stops wrangler and workerd (the whole process group) and deletes {@link dir}. */
  stop(): Promise<void>
}

/**
 * The environment of every wrangler run: no prompt (`CI`), no metrics or error reports, no banner
 * (whose update check asks the npm registry), no `Request.cf` download (miniflare falls back to a
 * placeholder), logs in the temporary folder.
 */
function wranglerEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: '1',
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_LOG_PATH: join(dir, 'logs'),
    NO_COLOR: '1',
  }
}

/**
 * Writes a local instance's wrangler configuration into a temporary folder, applies the D1
 * migrations (`deploy/cloudflare/migrations`) to its local database, starts
 * `wrangler dev --local` on a free loopback port and resolves once `/readyz` answers 200.
 * The caller stops it.
 */
export async function startWranglerDev(options: WranglerDevOptions = {}): Promise<WranglerDev> {
  if (!existsSync(join(WEB_DIST, 'index.html')))
    throw new Error('the web app is not built (apps/web/dist): run npm run build')
  const dir = mkdtempSync(join(tmpdir(), 'stratos-wrangler-'))
  try {
    const port = await freePort()
    const url = `http://localhost:${port}`
    const address = `http://127.0.0.1:${port}`
    const main = options.main ?? join(repoRoot, 'apps/api/src/worker.ts')
    const config = writeInstance(dir, url, main, options.vars ?? {})
    const state = join(dir, 'state')
    const local = ['--local', '--persist-to', state, '-c', config]
    await run(['d1', 'migrations', 'apply', 'DB', ...local], dir)
    const log = options.logFile ? openSync(options.logFile, 'a') : undefined
    const child = spawn(
      process.execPath,
      [
        WRANGLER,
        'dev',
        '--local',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        ...local,
        '--show-interactive-dev-session=false',
        '--live-reload=false',
      ],
      // Its own process group, so stop() reaches workerd too.
      {
        cwd: dir,
        env: wranglerEnv(dir),
        stdio: ['ignore', log ?? 'pipe', 'pipe'],
        detached: true,
      },
    )
    if (log !== undefined) closeSync(log)
    let out = ''
    const onData = (d: Buffer) => {
      out += d.toString()
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    const output = () => (options.logFile ? readFileSync(options.logFile, 'utf8') : '') + out
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup(child, 'SIGTERM')
        const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      }
      // workerd may outlive wrangler's own exit by a moment: end what is left of the group.
      signalGroup(child, 'SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
    try {
      await waitUntilReady(`${address}/readyz`, child, output, options.timeoutMs ?? 90_000)
    } catch (error) {
      await stop()
      throw error
    }
    const query = async (statement: string) => {
      const printed = await run(['d1', 'execute', 'DB', ...local, '--json', '--command', statement], dir)
      const results = JSON.parse(printed) as { results: Record<string, unknown>[] }[]
      return results.at(-1)?.results ?? []
    }
    return { url, address, dir, child, output, query, stop }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

/** `wrangler.json` (the instance's shape with absolute paths) and `.dev.vars` (its secrets). */
function writeInstance(dir: string, url: string, main: string, vars: Record<string, string>): string {
  const random = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
  const secrets: Record<string, string> = {
    INSTANCE_KEY: vars.INSTANCE_KEY ?? random(),
    SESSION_SECRET: vars.SESSION_SECRET ?? random(),
  }
  const plain = Object.fromEntries(Object.entries(vars).filter(([name]) => !(name in secrets)))
  const config = join(dir, 'wrangler.json')
  writeFileSync(
    config,
    JSON.stringify(
      {
        name: 'stratos-local',
        main,
        compatibility_date: WORKER_COMPATIBILITY.date,
        compatibility_flags: WORKER_COMPATIBILITY.flags,
        assets: { directory: WEB_DIST, binding: 'ASSETS', run_worker_first: true },
        d1_databases: [
          {
            binding: 'DB',
            database_name: 'stratos-local',
            database_id: '00000000-0000-0000-0000-000000000000',
            migrations_dir: join(repoRoot, 'deploy/cloudflare/migrations'),
          },
        ],
        vars: { PUBLIC_ORIGIN: url, INSTANCE_NAME: 'Stratos Vault (wrangler dev)', ...plain },
      },
      null,
      2,
    ),
  )
  // wrangler dev reads the secrets of a local run from `.dev.vars` beside the configuration.
  writeFileSync(
    join(dir, '.dev.vars'),
    Object.entries(secrets)
      .map(([name, value]) => `${name}=${JSON.stringify(value)}\n`)
      .join(''),
    { mode: 0o600 },
  )
  return config
}

/** Runs `wrangler <args>` to its end: its stdout; rejects with what it printed when it fails. */
function run(args: string[], dir: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [WRANGLER, ...args],
      { cwd: dir, env: wranglerEnv(dir), timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) fail(new Error(`wrangler ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`))
        else done(stdout)
      },
    )
  })
}

/**
 * Polls `readyUrl` until it answers 200 (the Worker built its instance on D1 and the schema is
 * current); rejects as soon as wrangler exits, or after `timeoutMs`.
 */
async function waitUntilReady(
  readyUrl: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs
  let last = 'no answer'
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`wrangler dev exited (${child.exitCode ?? child.signalCode}):\n${output()}`)
    if (performance.now() > deadline)
      throw new Error(`wrangler dev was not ready in ${timeoutMs} ms (last: ${last}):\n${output()}`)
    try {
      const res = await fetch(readyUrl, { signal: AbortSignal.timeout(5_000) })
      if (res.status === 200) return
      last = `${res.status} ${await res.text()}`
    } catch (error) {
      last = String(error)
    }
    await delay(100)
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    // The negative pid is the process group `detached` made.
    if (child.pid !== undefined) process.kill(-child.pid, signal)
  } catch {
    // The group is gone already.
  }
}
