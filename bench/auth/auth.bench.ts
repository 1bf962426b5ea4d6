/**
 * Login throughput through the real HTTP server vs bare `verifyAuthenticationResponse`, measured
 * side by side in one run (`npm run bench:auth`). The ratio says how much the server (HTTP,
 * JSON, challenge storage, counter update, session row, JWT cookie, request log) costs on top of
 * the WebAuthn signature check itself. Bounded in time and count; traffic stays on 127.0.0.1.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createLogger, startApiServer } from '@stratos/api'
import { createDatabase, migrateToLatest } from '@stratos/db'
import { sql } from 'kysely'
import { benchBareVerify, registerUsers, runWorker } from '../benchHelpers.js'
import type { LoginClientsInput, LoginClientsResult } from './loginClients.js'

// Knobs: BENCH_USERS, BENCH_CLIENTS, BENCH_SECONDS; BENCH_SQLITE_SYNC=normal to see what SQLite's
// fsync per commit (synchronous=FULL, the createDatabase default) costs.
const USERS = Number(process.env.BENCH_USERS ?? 24)
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4)
const MAX_LOGINS = 100_000
const ORIGIN = 'http://localhost:8787'
const TARGET_RATIO = 0.5

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'stratos-bench-auth-'))
  const db = createDatabase({ kind: 'sqlite', file: join(dir, 'stratos.sqlite') })
  await migrateToLatest(db)
  if (process.env.BENCH_SQLITE_SYNC)
    await sql.raw(`pragma synchronous = ${process.env.BENCH_SQLITE_SYNC}`).execute(db)
  const log = createWriteStream(join(dir, 'api.log'))
  const server = await startApiServer({
    db,
    config: {
      instanceName: 'Bench Vault',
      brand: { primaryColor: '#4f46e5', accentColor: '#818cf8', supportEmail: null, supportUrl: null },
      rpId: 'localhost',
      origin: ORIGIN,
      relatedOrigins: [],
      sessionSecret: crypto.getRandomValues(new Uint8Array(32)),
      instanceKey: 'bench-instance-key-of-at-least-32-characters',
      sessionTtlSeconds: 3600,
      adminSessionTtlSeconds: 1800,
      adminIdleTimeoutSeconds: 600,
      adminKeyStatements: [],
      challengeTtlSeconds: 120,
      // Every benchmark client comes from 127.0.0.1: the per-client bound would cap the load.
      maxChallengesPerClient: 1_000_000,
      autoLockSeconds: 300,
      trustedProxies: [],
      // The benchmark signs in from one address as fast as it can: what it measures is the
      // ceremony, not the limits (which would answer 429 within a second).
      rateLimits: {
        auth: { ip: null, account: null },
        passkeys: { ip: null, account: null },
        evmRpc: { ip: null, account: null },
        chains: { ip: null, account: null },
        canton: { ip: null, account: null },
      },
      devMode: false,
      evm: { chainId: 31337, name: 'Anvil', symbol: 'ETH', rpcUrl: 'http://127.0.0.1:9' },
      canton: null,
      defi: { operatorParty: null, devRelayerAddress: null, regulatorParty: null },
      oidc: null,
    },
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ destination: log }),
  })
  try {
    // 1. Register USERS passkeys through the API.
    const { credentials } = await registerUsers(server.url, ORIGIN, USERS)

    // 2. Bare verifyAuthenticationResponse on pre-made assertions, same concurrency.
    const bare = await benchBareVerify(db, credentials[0]!, {
      origin: ORIGIN,
      rpId: 'localhost',
      clients: CLIENTS,
      seconds: SECONDS,
      maxCount: MAX_LOGINS,
    })

    // 3. Full logins over HTTP from a worker thread.
    const eluBefore = performance.eventLoopUtilization()
    const http = await runWorker<LoginClientsResult>(new URL('./loginClients.worker.mjs', import.meta.url), {
      url: server.url,
      origin: ORIGIN,
      credentials,
      clients: CLIENTS,
      seconds: SECONDS,
      maxLogins: MAX_LOGINS,
    } satisfies LoginClientsInput)
    const serverBusy = performance.eventLoopUtilization(eluBefore).utilization
    const httpRate = http.logins / (http.elapsedMs / 1000)
    const ratio = httpRate / bare.rate
    const sorted = http.latenciesMs.sort((a, b) => a - b)
    const pct = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

    console.log(
      `\nauth bench: ${cpus().length} cores, ${USERS} users, ${CLIENTS} concurrent clients, ${SECONDS} s per phase`,
    )
    console.table([
      {
        measure: 'bare verifyAuthenticationResponse',
        ops: bare.count,
        seconds: round(bare.elapsedMs / 1000),
        'per second': Math.round(bare.rate),
        'p50 ms': '',
        'p95 ms': '',
      },
      {
        measure: 'HTTP login (options + verify + cookie)',
        ops: http.logins,
        seconds: round(http.elapsedMs / 1000),
        'per second': Math.round(httpRate),
        'p50 ms': round(pct(50)),
        'p95 ms': round(pct(95)),
      },
    ])
    console.log(`server event loop busy during HTTP logins: ${Math.round(serverBusy * 100)}%`)
    console.log(`ratio HTTP login / bare verify: ${ratio.toFixed(2)} (target >= ${TARGET_RATIO})`)
    if (http.failures.length > 0) {
      console.log(`failed logins: ${http.failures.length}, first: ${http.failures[0]}`)
      process.exitCode = 1
    }
  } finally {
    await server.close()
    await db.destroy()
    log.end()
    rmSync(dir, { recursive: true, force: true })
  }
}

function round(n: number) {
  return Math.round(n * 10) / 10
}

await main()
