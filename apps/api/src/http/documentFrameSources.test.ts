import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createD1Database, type D1Binding, type Database } from '@stratos/db/portable'
import type { Kysely } from 'kysely'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createLogger } from '../logger.js'
import { createJsonLogger } from '../logging.js'
import { startApiServer } from '../node.js'
import { TEST_ORIGIN, testConfig } from '../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'
import { applyD1Migrations } from '../testing/workerd.js'
import { createWorker, type WorkerEnv } from '../worker.js'
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from './securityHeaders.js'

const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>'

/** Dock apps straight into the table: two enabled (in this order), one disabled. */
async function insertDockApps(db: Kysely<Database>) {
  const now = new Date().toISOString()
  const app = (id: string, origin: string, position: number, enabled: boolean) => ({
    id,
    name: id,
    icon: null,
    url: `${origin}/`,
    origin,
    networks: '[]',
    permissions: '[]',
    position,
    enabled: enabled ? 1 : 0,
    created_at: now,
    updated_at: now,
  })
  await db
    .insertInto('dock_apps')
    .values([
      app('swap', 'http://127.0.0.1:5173', 1, true),
      app('treasury', 'https://treasury.example', 0, true),
      app('old', 'https://old.example', 2, false),
    ])
    .execute()
}

const FRAMING = `frame-src https://treasury.example http://127.0.0.1:5173; frame-ancestors 'none'`

/** What each answer must carry: the page frames the dock apps; nothing else frames anything. */
async function expectFrameSources(get: (path: string) => Promise<Response>, dock: 'none' | 'apps') {
  const page =
    dock === 'apps'
      ? contentSecurityPolicy(['https://treasury.example', 'http://127.0.0.1:5173'])
      : CONTENT_SECURITY_POLICY
  for (const path of ['/', '/dashboard', '/admin']) {
    const response = await get(path)
    expect(response.status, path).toBe(200)
    expect(response.headers.get('content-type'), path).toMatch(/^text\/html/)
    expect(response.headers.get('content-security-policy'), path).toBe(page)
    expect(response.headers.get('x-frame-options'), path).toBe('DENY')
  }
  for (const path of ['/assets/app.js', '/api/health', '/api/me']) {
    const response = await get(path)
    expect(response.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY)
    expect(response.headers.get('x-frame-options'), path).toBe('DENY')
  }
}

describe('contentSecurityPolicy', () => {
  test("behavior: frame-src 'none' unless origins are given; frame-ancestors 'none' always", () => {
    expect(CONTENT_SECURITY_POLICY).toContain("frame-src 'none'; frame-ancestors 'none'")
    expect(contentSecurityPolicy(['https://treasury.example', 'http://127.0.0.1:5173'])).toContain(FRAMING)
  })
})

describe.each(DB_KINDS)("the web app's documents frame the enabled dock apps, on Node with %s", (kind) => {
  const databases = useTestDatabases(kind)
  const dir = mkdtempSync(join(tmpdir(), 'stratos-frames-'))
  beforeAll(() => {
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), INDEX_HTML)
    writeFileSync(join(dir, 'assets/app.js'), 'export {}\n')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test("behavior: index.html and the SPA fallback carry the apps' origins, read per request; assets and API answers frame nothing", async () => {
    const db = await databases.fresh()
    const server = await startApiServer({
      db,
      config: testConfig(),
      port: 0,
      staticDir: dir,
      logger: createLogger({ level: 'silent' }),
    })
    try {
      const get = (path: string) => fetch(`${server.url}${path}`)
      await expectFrameSources(get, 'none')
      await insertDockApps(db)
      await expectFrameSources(get, 'apps')
      await db.updateTable('dock_apps').set({ enabled: 0 }).execute()
      await expectFrameSources(get, 'none')
    } finally {
      await server.close()
    }
  })
})

describe("the web app's documents frame the enabled dock apps, on the Worker with D1", () => {
  let mf: Miniflare
  let binding: D1Binding
  beforeAll(async () => {
    mf = new Miniflare({
      modules: true,
      script: 'export default { fetch() { return new Response(null, { status: 404 }) } }',
      d1Databases: ['DB'],
    })
    binding = (await mf.getD1Database('DB')) as unknown as D1Binding
    await applyD1Migrations(binding)
  }, 60_000)
  afterAll(() => mf?.dispose())

  /**
   * A stand-in for the ASSETS binding (Workers static assets do not run in this process): the
   * index page at `/`, one script, 404 for the rest, as the binding answers.
   */
  const ASSETS: NonNullable<WorkerEnv['ASSETS']> = {
    async fetch(request) {
      const { pathname } = new URL(request.url)
      if (pathname === '/')
        return new Response(INDEX_HTML, { headers: { 'content-type': 'text/html; charset=utf-8' } })
      if (pathname === '/assets/app.js')
        return new Response('export {}\n', { headers: { 'content-type': 'text/javascript' } })
      return new Response('not found', { status: 404 })
    },
  }

  test("behavior: index.html and the SPA fallback carry the apps' origins from D1, read per request; assets and API answers frame nothing", async () => {
    const worker = createWorker({
      configure: () => testConfig(),
      logger: createJsonLogger({ level: 'silent' }),
    })
    const env: WorkerEnv = {
      DB: binding,
      ASSETS,
      PUBLIC_ORIGIN: TEST_ORIGIN,
      INSTANCE_KEY: 'test-instance-key-'.padEnd(40, 'x'),
    }
    const get = (path: string) => worker.fetch(new Request(`${TEST_ORIGIN}${path}`), env)
    const db = createD1Database<Database>(binding)
    await expectFrameSources(get, 'none')
    await insertDockApps(db)
    await expectFrameSources(get, 'apps')
    await db.updateTable('dock_apps').set({ enabled: 0 }).execute()
    await expectFrameSources(get, 'none')
  })
})
