/**
 * The API under load (`npm run bench:api [-- --target node|worker|both]`, default both), against
 * baselines measured side by side in the same run. Bounded in time and count; traffic stays on
 * 127.0.0.1. Figures only: missing a target is printed, not an error.
 *
 * Targets:
 * - node: `stratos serve`, the compiled production build run as a process as an operator runs it,
 *   on SQLite in a temporary DATA_DIR (the single-host deployment), LOG_LEVEL info.
 * - worker: the product Worker (`apps/api/src/worker.ts`) with the built web app under
 *   `wrangler dev --local`: workerd and a local D1 database (SQLite files) behind wrangler's local
 *   proxy, on this machine. A development server, not Cloudflare's edge: its figures say what the
 *   app costs on workerd here, not what a deployed instance serves.
 *
 * a. Authenticated `GET /api/me` per second (session cookie, session and user lookups, JSON,
 *    request log) against a bare Hono route answering `{"ok":true}` on @hono/node-server in a
 *    process of its own: the ratio says what the app costs on top of the server stack `stratos
 *    serve` runs on (target >= 0.7). The Worker's figure is given against the same baseline, and
 *    against a bare Hono route Worker under `wrangler dev --local` (what the app costs on top of
 *    the stack it runs on there).
 * b. Full sign-ins per second (options, soft-authenticator signature, verify, session cookie)
 *    against the composed ceiling: two bare-route round trips plus one bare
 *    `verifyAuthenticationResponse` per sign-in, each measured in this run (target >= 0.5).
 *
 * Knobs: BENCH_CLIENTS (concurrent clients), BENCH_SECONDS (per phase), BENCH_USERS.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createDatabase, type Database, freePort } from '@stratos/db'
import type { Kysely } from 'kysely'
import { startWranglerDev, type WranglerDev } from '../../apps/cli/src/testing/wranglerDev.js'
import type { LoginClientsInput, LoginClientsResult } from '../auth/loginClients.js'
import { benchBareVerify, registerUsers, runWorker } from '../benchHelpers.js'
import type { GetClientsInput, GetClientsResult } from './getClients.js'
import { type StartedProcess, startProcess } from './startProcess.js'

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4)
const USERS = Number(process.env.BENCH_USERS ?? 24)
const MAX_REQUESTS = 500_000
const MAX_LOGINS = 100_000
const TARGET_ME = 0.7
const TARGET_LOGIN = 0.5
const ORIGIN = 'http://localhost:8787'
const RP_ID = 'localhost'
const TARGETS = ['node', 'worker'] as const
type Target = (typeof TARGETS)[number]

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..')
const CLI = join(repoRoot, 'apps/cli/dist/stratos.js')

/** What a target serves the load on, and the process tree whose CPU it uses. */
interface Served {
  label: string
  /** Where load goes (127.0.0.1). */
  url: string
  /** The Origin its ceremonies expect (PUBLIC_ORIGIN). */
  origin: string
  pid: number | undefined
}

function parseTargets(): Target[] {
  const { values } = parseArgs({ options: { target: { type: 'string', default: 'both' } } })
  if (values.target === 'both') return [...TARGETS]
  if ((TARGETS as readonly string[]).includes(values.target)) return [values.target as Target]
  throw new Error(`--target must be node, worker or both, got '${values.target}'`)
}

async function main() {
  const targets = parseTargets()
  for (const [name, value] of Object.entries({ CLIENTS, SECONDS, USERS }))
    if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_${name} must be a whole number >= 1`)
  if (!existsSync(join(repoRoot, 'apps/web/dist/index.html')))
    throw new Error('the web app is not built (apps/web/dist): run npm run build -w @stratos/web')
  if (targets.includes('node'))
    // The code under test, compiled as production runs it (as the test run's global setup does).
    execFileSync(process.execPath, ['apps/cli/build.mjs'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    })

  const dir = mkdtempSync(join(tmpdir(), 'stratos-bench-api-'))
  const started: StartedProcess[] = []
  const workers: WranglerDev[] = []
  try {
    const barePort = await freePort()
    const bareUrl = `http://127.0.0.1:${barePort}`
    started.push(
      await startProcess({
        args: [fileURLToPath(new URL('./bareServer.mjs', import.meta.url))],
        cwd: repoRoot,
        env: { PORT: String(barePort) },
        logFile: join(dir, 'bare.log'),
        readyUrl: `${bareUrl}/bare`,
      }),
    )
    const bareServer: Served = {
      label: 'bare Hono route GET /bare (@hono/node-server, own process)',
      url: `${bareUrl}/bare`,
      origin: ORIGIN,
      pid: started[0]!.child.pid,
    }
    const random = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
    // One address signs in as fast as it can: the benchmark measures the routes, not the limits.
    const noAuthLimits = { RATE_LIMIT_AUTH_IP: 'off', RATE_LIMIT_AUTH_ACCOUNT: 'off' }

    const servers: { target: Target; served: Served }[] = []
    let nodeSqlite: string | undefined
    if (targets.includes('node')) {
      const dataDir = join(dir, 'data')
      execFileSync(process.execPath, [CLI, 'migrate'], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, DATA_DIR: dataDir },
        stdio: ['ignore', 'ignore', 'inherit'],
      })
      const [servePort, metricsPort] = [await freePort(), await freePort()]
      const serveUrl = `http://127.0.0.1:${servePort}`
      const serve = await startProcess({
        args: [CLI, 'serve'],
        cwd: repoRoot,
        env: {
          PUBLIC_ORIGIN: ORIGIN,
          DATA_DIR: dataDir,
          SESSION_SECRET: random(),
          INSTANCE_KEY: random(),
          HOST: '127.0.0.1',
          PORT: String(servePort),
          METRICS_PORT: String(metricsPort),
          ...noAuthLimits,
        },
        logFile: join(dir, 'serve.log'),
        readyUrl: `${serveUrl}/readyz`,
      })
      started.push(serve)
      servers.push({
        target: 'node',
        served: { label: 'stratos serve', url: serveUrl, origin: ORIGIN, pid: serve.child.pid },
      })
      nodeSqlite = join(dataDir, 'stratos.sqlite')
    }
    let bareWorker: Served | undefined
    let workerDev: WranglerDev | undefined
    if (targets.includes('worker')) {
      workerDev = await startWranglerDev({ vars: noAuthLimits, logFile: join(dir, 'worker.log') })
      workers.push(workerDev)
      servers.push({
        target: 'worker',
        served: {
          label: 'Worker (wrangler dev --local, D1)',
          url: workerDev.address,
          origin: workerDev.url,
          pid: workerDev.child.pid,
        },
      })
      const bare = await startWranglerDev({
        main: fileURLToPath(new URL('./bareWorker.ts', import.meta.url)),
        logFile: join(dir, 'bare-worker.log'),
      })
      workers.push(bare)
      bareWorker = {
        label: 'bare Hono route Worker GET /bare (wrangler dev --local)',
        url: `${bare.address}/bare`,
        origin: bare.url,
        pid: bare.child.pid,
      }
    }

    // USERS passkeys registered through each target's API; each user's session cookie.
    const users = new Map<Target, Awaited<ReturnType<typeof registerUsers>>>()
    for (const { target, served } of servers)
      users.set(target, await registerUsers(served.url, served.origin, USERS))

    const getRate = (served: Served, url: string, cookies: string[]) =>
      measuringCpu(served.pid, async () =>
        rate(
          await runWorker<GetClientsResult>(
            new URL('./getClients.worker.mjs', import.meta.url),
            getInput(url, cookies),
          ),
        ),
      )
    const bare = await getRate(bareServer, bareServer.url, [])
    const bareOnWorker = bareWorker ? await getRate(bareWorker, bareWorker.url, []) : undefined
    const me = new Map<Target, Measured>()
    for (const { target, served } of servers)
      me.set(target, await getRate(served, `${served.url}/api/me`, users.get(target)!.cookies))

    // The signature check's baseline needs one registered credential's public key.
    const first = servers[0]!
    const credential = users.get(first.target)!.credentials[0]!
    const verifyOptions = {
      origin: first.served.origin,
      rpId: RP_ID,
      clients: CLIENTS,
      seconds: SECONDS,
      maxCount: MAX_LOGINS,
    }
    const verify =
      nodeSqlite !== undefined
        ? await withSqlite(nodeSqlite, (db) => benchBareVerify(db, credential, verifyOptions))
        : await benchBareVerify(await publicKeyInD1(workerDev!, credential.id), credential, verifyOptions)

    const login = new Map<Target, Measured>()
    for (const { target, served } of servers) {
      const loginInput: LoginClientsInput = {
        url: served.url,
        origin: served.origin,
        credentials: users.get(target)!.credentials,
        clients: CLIENTS,
        seconds: SECONDS,
        maxLogins: MAX_LOGINS,
      }
      login.set(
        target,
        await measuringCpu(served.pid, async () => {
          const result = await runWorker<LoginClientsResult>(
            new URL('../auth/loginClients.worker.mjs', import.meta.url),
            loginInput,
          )
          const { logins: count, elapsedMs, failures } = result
          return { count, elapsedMs, failures, rate: count / (elapsedMs / 1000) }
        }),
      )
    }
    // Per sign-in: two round trips to the bare route and one signature check, one after the other.
    const ceiling = 1 / (2 / bare.rate + 1 / verify.rate)

    console.log(
      `\napi bench: ${cpus().length} cores, ${servers.map(({ served }) => served.label).join(' and ')}, ${USERS} users each, ${CLIENTS} concurrent clients (keep-alive), ${SECONDS} s per phase`,
    )
    console.table([
      row(bareServer.label, bare),
      ...(bareWorker && bareOnWorker ? [row(bareWorker.label, bareOnWorker)] : []),
      ...servers.map(({ target, served }) =>
        row(`${served.label} GET /api/me (session cookie)`, me.get(target)!),
      ),
      row('bare verifyAuthenticationResponse (in process)', verify),
      row('composed sign-in ceiling: 2 bare round trips + 1 bare verify', {
        count: Number.NaN,
        elapsedMs: Number.NaN,
        rate: ceiling,
      }),
      ...servers.map(({ target, served }) =>
        row(`${served.label} sign-in (options + verify + cookie)`, login.get(target)!),
      ),
    ])
    for (const { target, served } of servers) {
      const meRate = me.get(target)!.rate
      console.log(
        `${target}: ratio GET /api/me / bare route: ${(meRate / bare.rate).toFixed(2)} (target >= ${TARGET_ME})`,
      )
      console.log(
        `${target}: ratio sign-in / composed ceiling: ${(login.get(target)!.rate / ceiling).toFixed(2)} (target >= ${TARGET_LOGIN})`,
      )
      if (target === 'worker' && bareOnWorker)
        console.log(
          `${target}: ratio GET /api/me / bare route Worker on the same wrangler dev stack: ${(meRate / bareOnWorker.rate).toFixed(2)} (${served.label})`,
        )
    }
    const failures = [
      ...bare.failures,
      ...(bareOnWorker?.failures ?? []),
      ...[...me.values(), ...login.values()].flatMap((measured) => measured.failures),
    ]
    if (failures.length > 0) {
      console.log(`failed requests: ${failures.length}, first: ${failures[0]}`)
      process.exitCode = 1
    }
  } finally {
    for (const worker of workers.reverse()) await worker.stop()
    for (const server of started.reverse()) await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

interface Measured {
  count: number
  elapsedMs: number
  rate: number
  failures: string[]
  cpuUs: number | undefined
}

async function withSqlite<T>(file: string, use: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const db = createDatabase({ kind: 'sqlite', file })
  try {
    return await use(db)
  } finally {
    await db.destroy()
  }
}

/** A credential's public key as the Worker stored it in its local D1 database. */
async function publicKeyInD1(worker: WranglerDev, id: string): Promise<{ publicKey: string }> {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`not a base64url credential id: ${id}`)
  const [row] = await worker.query(`select public_key from credentials where id = '${id}'`)
  if (typeof row?.public_key !== 'string')
    throw new Error(`credential ${id} is not in the Worker's D1 database`)
  return { publicKey: row.public_key }
}

function getInput(url: string, cookies: string[]): GetClientsInput {
  return { url, cookies, clients: CLIENTS, seconds: SECONDS, maxRequests: MAX_REQUESTS }
}

function rate(result: GetClientsResult) {
  return { ...result, count: result.requests, rate: result.requests / (result.elapsedMs / 1000) }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/**
 * CPU time (user + system) a process and its descendants (wrangler's workerd) have used so far,
 * in ms; undefined where /proc is missing. A descendant that exits meanwhile is not counted.
 */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    let ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
    for (const child of childrenOf(pid!)) ms += cpuMs(child) ?? 0
    return ms
  } catch {
    return undefined
  }
}

function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  )
}

/** Runs a phase and adds the CPU the server's processes used for each operation (`cpuUs`). */
async function measuringCpu<T extends { count: number }>(
  pid: number | undefined,
  phase: () => Promise<T>,
): Promise<T & { cpuUs: number | undefined }> {
  const before = cpuMs(pid)
  const result = await phase()
  const after = cpuMs(pid)
  const cpuUs =
    before === undefined || after === undefined || result.count === 0
      ? undefined
      : ((after - before) * 1000) / result.count
  return { ...result, cpuUs }
}

function row(
  measure: string,
  {
    count,
    elapsedMs,
    rate,
    cpuUs,
  }: { count: number; elapsedMs: number; rate: number; cpuUs?: number | undefined },
) {
  return {
    measure,
    ops: Number.isNaN(count) ? '' : count,
    seconds: Number.isNaN(elapsedMs) ? '' : Math.round(elapsedMs / 100) / 10,
    'per second': Math.round(rate),
    'server CPU µs/op': cpuUs === undefined ? '' : Math.round(cpuUs),
  }
}

await main()
