/**
 * `stratos serve` under load (`npm run bench:api`): the compiled production build run as a process,
 * as an operator runs it, against baselines measured side by side in the same run. Bounded in time
 * and count; traffic stays on 127.0.0.1. Figures only: missing a target is printed, not an error.
 *
 * a. Authenticated `GET /api/me` per second (session cookie, session and user lookups, JSON,
 *    request log, metrics) against a bare Hono route answering `{"ok":true}` on @hono/node-server
 *    in a process of its own: the ratio says what the app costs on top of the server stack it
 *    runs on (target >= 0.7).
 * b. Full sign-ins per second (options, soft-authenticator signature, verify, session cookie)
 *    against the composed ceiling: two bare-route round trips plus one bare
 *    `verifyAuthenticationResponse` per sign-in, each measured in this run (target >= 0.5).
 *
 * The instance runs on SQLite in a temporary DATA_DIR (the single-host deployment), LOG_LEVEL info.
 * Knobs: BENCH_CLIENTS (concurrent clients), BENCH_SECONDS (per phase), BENCH_USERS.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDatabase, freePort } from '@stratos/db'
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

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..')
const CLI = join(repoRoot, 'apps/cli/dist/stratos.js')

async function main() {
  for (const [name, value] of Object.entries({ CLIENTS, SECONDS, USERS }))
    if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_${name} must be a whole number >= 1`)
  if (!existsSync(join(repoRoot, 'apps/web/dist/index.html')))
    throw new Error('the web app is not built (apps/web/dist): run npm run build -w @stratos/web')
  // The code under test, compiled as production runs it (as the test run's global setup does).
  execFileSync(process.execPath, ['apps/cli/build.mjs'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  })

  const dir = mkdtempSync(join(tmpdir(), 'stratos-bench-api-'))
  const started: StartedProcess[] = []
  try {
    const dataDir = join(dir, 'data')
    execFileSync(process.execPath, [CLI, 'migrate'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const [servePort, metricsPort, barePort] = [await freePort(), await freePort(), await freePort()]
    const serveUrl = `http://127.0.0.1:${servePort}`
    const bareUrl = `http://127.0.0.1:${barePort}`
    const random = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
    started.push(
      await startProcess({
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
          // One address signs in as fast as it can: the benchmark measures the routes, not the limits.
          RATE_LIMIT_AUTH_IP: 'off',
          RATE_LIMIT_AUTH_ACCOUNT: 'off',
        },
        logFile: join(dir, 'serve.log'),
        readyUrl: `${serveUrl}/readyz`,
      }),
      await startProcess({
        args: [fileURLToPath(new URL('./bareServer.mjs', import.meta.url))],
        cwd: repoRoot,
        env: { PORT: String(barePort) },
        logFile: join(dir, 'bare.log'),
        readyUrl: `${bareUrl}/bare`,
      }),
    )

    // USERS passkeys registered through the API; each user's session cookie.
    const { credentials, cookies } = await registerUsers(serveUrl, ORIGIN, USERS)

    const [serve, bareServer] = started as [StartedProcess, StartedProcess]
    const bare = await measuringCpu(bareServer, async () =>
      rate(
        await runWorker<GetClientsResult>(
          new URL('./getClients.worker.mjs', import.meta.url),
          getInput(`${bareUrl}/bare`, []),
        ),
      ),
    )
    const me = await measuringCpu(serve, async () =>
      rate(
        await runWorker<GetClientsResult>(
          new URL('./getClients.worker.mjs', import.meta.url),
          getInput(`${serveUrl}/api/me`, cookies),
        ),
      ),
    )
    const sqlite = createDatabase({ kind: 'sqlite', file: join(dataDir, 'stratos.sqlite') })
    const verify = await benchBareVerify(sqlite, credentials[0]!, {
      origin: ORIGIN,
      rpId: RP_ID,
      clients: CLIENTS,
      seconds: SECONDS,
      maxCount: MAX_LOGINS,
    }).finally(() => sqlite.destroy())
    const loginInput: LoginClientsInput = {
      url: serveUrl,
      origin: ORIGIN,
      credentials,
      clients: CLIENTS,
      seconds: SECONDS,
      maxLogins: MAX_LOGINS,
    }
    const login = await measuringCpu(serve, async () => {
      const result = await runWorker<LoginClientsResult>(
        new URL('../auth/loginClients.worker.mjs', import.meta.url),
        loginInput,
      )
      const { logins: count, elapsedMs, failures } = result
      return { count, elapsedMs, failures, rate: count / (elapsedMs / 1000) }
    })
    // Per sign-in: two round trips to the bare route and one signature check, one after the other.
    const ceiling = 1 / (2 / bare.rate + 1 / verify.rate)

    console.log(
      `\napi bench: ${cpus().length} cores, stratos serve (compiled) on SQLite, ${USERS} users, ${CLIENTS} concurrent clients (keep-alive), ${SECONDS} s per phase`,
    )
    console.table([
      row('bare Hono route GET /bare (@hono/node-server, own process)', bare),
      row('stratos serve GET /api/me (session cookie)', me),
      row('bare verifyAuthenticationResponse (in process)', verify),
      row('composed sign-in ceiling: 2 bare round trips + 1 bare verify', {
        count: Number.NaN,
        elapsedMs: Number.NaN,
        rate: ceiling,
      }),
      row('stratos serve sign-in (options + verify + cookie)', login),
    ])
    console.log(
      `ratio GET /api/me / bare route: ${(me.rate / bare.rate).toFixed(2)} (target >= ${TARGET_ME})`,
    )
    console.log(
      `ratio sign-in / composed ceiling: ${(login.rate / ceiling).toFixed(2)} (target >= ${TARGET_LOGIN})`,
    )
    const failures = [...bare.failures, ...me.failures, ...login.failures]
    if (failures.length > 0) {
      console.log(`failed requests: ${failures.length}, first: ${failures[0]}`)
      process.exitCode = 1
    }
  } finally {
    for (const server of started.reverse()) await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
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

/** CPU time (user + system) a process has used so far, in ms; undefined where /proc is missing. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return undefined
  }
}

/** Runs a phase and adds the CPU the server process used for each operation (`cpuUs`). */
async function measuringCpu<T extends { count: number }>(
  server: StartedProcess,
  phase: () => Promise<T>,
): Promise<T & { cpuUs: number | undefined }> {
  const before = cpuMs(server.child.pid)
  const result = await phase()
  const after = cpuMs(server.child.pid)
  const cpuUs =
    before === undefined || after === undefined || result.count === 0
      ? undefined
      : ((after - before) * 1000) / result.count
  return { ...result, cpuUs }
}

/** Bare `verifyAuthenticationResponse` on pre-made assertions, at the clients' concurrency. */

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
