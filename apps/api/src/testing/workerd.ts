/**
 * API tests against the Worker in workerd (Miniflare, local only: nothing reaches Cloudflare).
 * One workerd per test file runs the test entry (`workerTestEntry.ts`) bundled by wrangler as
 * `wrangler deploy` bundles the product; each fresh database is a D1 database of its own, brought
 * to the schema by the D1 migration files (`deploy/cloudflare/migrations`), as
 * `wrangler d1 migrations apply` does.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createD1Database, type D1Binding, type Database } from '@stratos/db/portable'
import type { Kysely } from 'kysely'
import { Miniflare } from 'miniflare'
import { afterAll } from 'vitest'
import type { ApiConfig } from '../config.js'
import { WORKER_COMPATIBILITY } from '../workerCompatibility.js'
import type { TestChains } from './testChains.js'
import {
  TEST_APP_HEADER,
  TEST_CLOCK_HEADER,
  TEST_NO_USER_AGENT_HEADER,
  toTestJson,
} from './workerTestHeaders.js'

const REPO = join(import.meta.dirname, '../../../..')
export const D1_MIGRATIONS_DIR = join(REPO, 'deploy/cloudflare/migrations')
/** D1 databases per workerd; a file that uses more starts another workerd. */
const DATABASES_PER_WORKERD = 48

/**
 * Bundles `entry` the way `wrangler deploy` does (`--dry-run --outdir`), once per test run and
 * entry: the folder is named after the run (`STRATOS_TEST_RUN`, set by the global setup) and
 * concurrent test files wait for the first one's bundle.
 */
export function bundleWorker(entry: string, name: string): string {
  const run = process.env.STRATOS_TEST_RUN ?? String(process.pid)
  const out = join(tmpdir(), `stratos-worker-${run}-${name}`)
  if (existsSync(join(out, 'worker.js'))) return out
  const building = `${out}.building-${process.pid}`
  rmSync(building, { recursive: true, force: true })
  mkdirSync(building, { recursive: true })
  const config = join(building, 'wrangler.toml')
  writeFileSync(
    config,
    [
      `name = "stratos-${name}"`,
      `main = ${JSON.stringify(entry)}`,
      `compatibility_date = "${WORKER_COMPATIBILITY.date}"`,
      `compatibility_flags = ${JSON.stringify(WORKER_COMPATIBILITY.flags)}`,
      '',
    ].join('\n'),
  )
  execFileSync(
    join(REPO, 'node_modules/.bin/wrangler'),
    ['deploy', '--dry-run', '--outdir', join(building, 'out'), '-c', config],
    { cwd: REPO, stdio: 'pipe', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
  // wrangler names the bundle after its entry: the workerd side loads worker.js.
  const bundle = readdirSync(join(building, 'out')).find((file) => file.endsWith('.js'))!
  renameSync(join(building, 'out', bundle), join(building, 'out', 'worker.js'))
  try {
    renameSync(join(building, 'out'), out)
  } catch (error) {
    // Another test file finished the same bundle first: use it.
    if (!existsSync(join(out, 'worker.js'))) throw error
  }
  rmSync(building, { recursive: true, force: true })
  return out
}

/** The statements of the D1 migration files, in order, and each file's name. */
export function readD1Migrations(dir = D1_MIGRATIONS_DIR): { file: string; statements: string[] }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({
      file,
      statements: readFileSync(join(dir, file), 'utf8')
        .replace(/^--.*$/gm, '')
        .split(/;\s*$/m)
        .map((statement) => statement.trim())
        .filter((statement) => statement !== ''),
    }))
}

/**
 * Applies the D1 migration files as `wrangler d1 migrations apply` does: each file's statements in
 * one batch, its name recorded in `d1_migrations`.
 */
export async function applyD1Migrations(binding: D1Binding): Promise<void> {
  await binding.batch([
    binding.prepare(
      'create table if not exists d1_migrations (id integer primary key autoincrement, name text unique, applied_at timestamp default current_timestamp not null)',
    ),
  ])
  for (const { file, statements } of readD1Migrations()) {
    await binding.batch([
      ...statements.map((statement) => binding.prepare(statement)),
      binding.prepare('insert into d1_migrations (name) values (?)').bind(file),
    ])
  }
}

interface Runtime {
  mf: Miniflare
  used: number
}

export interface WorkerdApp {
  /** Hono's `request` shape, so `TestClient` drives it as it drives the in-process app. */
  request(input: string, init?: RequestInit, bindings?: { remoteAddress?: string }): Promise<Response>
  logs: string[]
  advance(seconds: number): void
}

/** Where each workerd-backed database lives. */
const placeOf = new WeakMap<object, { runtime: Runtime; binding: string }>()

/**
 * Test helper (inside a `describe`): fresh D1 databases in workerd; `createTestApp` on one of them
 * serves the app from the Worker. Every workerd is stopped in afterAll.
 */
export function useWorkerdDatabases(): { fresh(): Promise<Kysely<Database>> } {
  const runtimes: Runtime[] = []
  afterAll(async () => {
    await Promise.all(runtimes.map(({ mf }) => mf.dispose()))
  })
  return {
    async fresh() {
      let runtime = runtimes.at(-1)
      if (!runtime || runtime.used >= DATABASES_PER_WORKERD) {
        runtime = { mf: startTestWorkerd(), used: 0 }
        runtimes.push(runtime)
      }
      const binding = `DB_${++runtime.used}`
      const d1 = (await runtime.mf.getD1Database(binding)) as unknown as D1Binding
      await applyD1Migrations(d1)
      const db = createD1Database<Database>(d1)
      placeOf.set(db, { runtime, binding })
      return db
    },
  }
}

function startTestWorkerd(): Miniflare {
  const dir = bundleWorker(join(import.meta.dirname, 'workerTestEntry.ts'), 'api-test')
  return new Miniflare({
    modules: true,
    modulesRoot: dir,
    scriptPath: join(dir, 'worker.js'),
    compatibilityDate: WORKER_COMPATIBILITY.date,
    compatibilityFlags: [...WORKER_COMPATIBILITY.flags],
    d1Databases: Array.from({ length: DATABASES_PER_WORKERD }, (_, i) => `DB_${i + 1}`),
    // What `loadConfig` needs to accept the bindings; each test app's settings then replace them.
    bindings: { PUBLIC_ORIGIN: 'http://localhost:8787', INSTANCE_KEY: 'test-instance-key-'.padEnd(40, 'x') },
  })
}

/** Whether `db` is a D1 database of {@link useWorkerdDatabases}. */
export function isWorkerdDatabase(db: object): boolean {
  return placeOf.has(db)
}

/**
 * The app with `config` served by the Worker in workerd, on the D1 database `db`, with the chain
 * families `chains` describes (built inside workerd).
 */
export function createWorkerdApp(db: object, config: ApiConfig, chains: TestChains = {}): WorkerdApp {
  const place = placeOf.get(db)
  if (!place) throw new Error('createWorkerdApp takes a database from useWorkerdDatabases')
  if (typeof config.sessionSecret !== 'string')
    throw new Error('the workerd test app takes a text SESSION_SECRET')
  const { mf } = place.runtime
  const id = crypto.randomUUID()
  const registered = mf
    .dispatchFetch(`http://localhost/__test/${id}`, {
      method: 'PUT',
      body: toTestJson({ binding: place.binding, config, chains }),
    })
    .then(async (response) => {
      if (response.status !== 204) throw new Error(`test app not created: ${await response.text()}`)
    })
  let offsetMs = 0
  const logs: string[] = []
  return {
    logs,
    advance(seconds) {
      offsetMs += seconds * 1000
    },
    async request(input, init = {}, bindings) {
      await registered
      const headers = new Headers(init.headers)
      headers.set(TEST_APP_HEADER, id)
      headers.set(TEST_CLOCK_HEADER, String(offsetMs))
      if (!headers.has('user-agent')) headers.set(TEST_NO_USER_AGENT_HEADER, '1')
      if (bindings?.remoteAddress !== undefined) headers.set('cf-connecting-ip', bindings.remoteAddress)
      const url = input.startsWith('/') ? `http://localhost${input}` : input
      const answer = await mf.dispatchFetch(url, {
        ...(init as object),
        headers: Object.fromEntries(headers),
        redirect: 'manual',
      })
      const body = await answer.arrayBuffer()
      // The lines the request logged, before the test reads `logs`.
      const fresh = await mf.dispatchFetch(`http://localhost/__test/${id}/logs?from=${logs.length}`)
      const lines = (await fresh.json()) as string[]
      logs.push(...lines)
      // A 500 says nothing to the client: the test's output shows what the Worker logged.
      if (answer.status >= 500) console.error(lines.filter((line) => line.includes('"level":50')).join('\n'))
      const empty = answer.status === 204 || answer.status === 304 || init.method === 'HEAD'
      return new Response(empty ? null : body, {
        status: answer.status,
        headers: answer.headers as unknown as Headers,
      })
    },
  }
}
