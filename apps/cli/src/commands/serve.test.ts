import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '@stratos/api'
import { createDatabase } from '@stratos/db'
import { type PostgresServer, startPostgres } from '@stratos/db/testing'
import { type RouteDefinition, routes } from '@stratos/schemas'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli, type ServeProcess, startServe } from '../testing/serveProcess.js'

const SESSION_SECRET = 'session-secret-0123456789abcdefghijkl'
const INSTANCE_KEY = 'instance-key-0123456789abcdefghijklmn'
const DB_PASSWORD = 'db-pass-word-never-printed'

describe('stratos serve (compiled build) on PostgreSQL, secrets in files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratos-serve-'))
  let pg: PostgresServer
  let n = 0
  const running: ServeProcess[] = []

  /** A new database in the throwaway cluster, and its URL (with a password the server ignores on loopback trust). */
  async function newDatabase(): Promise<string> {
    const admin = createDatabase({ kind: 'postgres', url: pg.url, poolSize: 1 })
    const name = `serve_${++n}`
    await sql`create database ${sql.id(name)}`.execute(admin)
    await admin.destroy()
    const url = new URL(pg.url.replace(/\/[^/]*$/, `/${name}`))
    url.password = DB_PASSWORD
    if (!url.username) url.username = 'postgres'
    return url.toString()
  }

  /** Secret files, mode 0600, as a Kubernetes or Docker secret mounts them. */
  function secretFiles(databaseUrl: string): Record<string, string> {
    const folder = mkdtempSync(join(dir, 'secrets-'))
    const file = (name: string, value: string) => {
      const path = join(folder, name)
      writeFileSync(path, `${value}\n`, { mode: 0o600 })
      return path
    }
    return {
      SESSION_SECRET_FILE: file('session-secret', SESSION_SECRET),
      INSTANCE_KEY_FILE: file('instance-key', INSTANCE_KEY),
      DATABASE_URL_FILE: file('database-url', databaseUrl),
    }
  }

  const base = { PUBLIC_ORIGIN: 'https://wallet.example.com', LOG_LEVEL: 'info' }

  beforeAll(async () => {
    pg = await startPostgres()
  })
  afterAll(async () => {
    for (const server of running) await server.stop()
    await pg?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('behavior: migrate, then serve: /readyz 200, the web app, no dev route, metrics, SIGTERM exits 0', async () => {
    const files = secretFiles(await newDatabase())
    const migrate = await runCli(['migrate'], { DATABASE_URL_FILE: files.DATABASE_URL_FILE! })
    expect(migrate.stderr).toBe('')
    expect(migrate.code).toBe(0)
    expect(migrate.stdout).toMatch(/applied 0001_initial, .*; schema now \d{4}_\w+/)
    expect((await runCli(['migrate', '--check'], { DATABASE_URL_FILE: files.DATABASE_URL_FILE! })).code).toBe(
      0,
    )

    const server = await startServe({ ...base, ...files })
    running.push(server)
    const ready = await fetch(`${server.url}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', schema: 'ok', canton: 'not configured' },
    })
    const page = await fetch(`${server.url}/`)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    expect(await page.text()).toContain('<div id="root">')
    expect((await (await fetch(`${server.url}/api/config`)).json()).devMode).toBe(false)

    const devRoutes = (Object.values(routes) as RouteDefinition[]).filter((route) => route.devOnly)
    expect(devRoutes.length).toBeGreaterThanOrEqual(3)
    for (const route of devRoutes) {
      const res = await fetch(`${server.url}${route.path}`, {
        method: route.method,
        headers: { origin: base.PUBLIC_ORIGIN, 'content-type': 'application/json' },
        ...(route.method === 'GET' ? {} : { body: '{}' }),
      })
      expect(res.status, `${route.method} ${route.path}`).toBe(404)
    }

    const metrics = await (await fetch(server.metricsUrl)).text()
    expect(metrics).toContain('stratos_api_http_requests_total')
    expect(metrics).toMatch(/stratos_api_ready 1/)

    expect(await server.stop()).toBe(0)
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
    const requestLines = lines.filter((line) => line.msg === 'request')
    expect(requestLines.length).toBe(2 + devRoutes.length)
    for (const line of requestLines) expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(lines.at(-1)).toMatchObject({ msg: 'stopped', inFlightAtClose: 0, cut: 0 })
    for (const secret of [SESSION_SECRET, INSTANCE_KEY, DB_PASSWORD])
      expect(server.output()).not.toContain(secret)
  })

  test('behavior: the first start prints the enrollment link, later starts keep it, admin-link issues a new one', async () => {
    const files = secretFiles(await newDatabase())
    expect((await runCli(['migrate'], files)).code).toBe(0)
    const linkIn = (text: string) => /Admin enrollment link .*: (\S+)/.exec(text)?.[1]
    const first = await startServe({ ...base, ...files })
    expect(await first.stop()).toBe(0)
    const link = linkIn(first.output())
    expect(link).toMatch(/^https:\/\/wallet\.example\.com\/enroll#token=[\w-]{43}$/)
    const second = await startServe({ ...base, ...files })
    expect(await second.stop()).toBe(0)
    expect(linkIn(second.output())).toBeUndefined()
    expect(second.output()).toMatch(
      /the enrollment link issued at \S+ is still valid \(`stratos admin-link` issues a new one\)/,
    )
    const fresh = await runCli(['admin-link'], { PUBLIC_ORIGIN: base.PUBLIC_ORIGIN, ...files })
    expect(fresh.code).toBe(0)
    expect(linkIn(fresh.stdout)).toMatch(/^https:\/\/wallet\.example\.com\/enroll#token=/)
    expect(linkIn(fresh.stdout)).not.toBe(link)
    const noOrigin = await runCli(['admin-link'], files)
    expect(noOrigin.code).toBe(2)
    expect(noOrigin.stderr).toMatch(/PUBLIC_ORIGIN must be set/)
    const plainHttp = await runCli(['admin-link'], { PUBLIC_ORIGIN: 'http://wallet.example.com', ...files })
    expect(plainHttp.code).toBe(2)
    expect(plainHttp.stderr).toMatch(/PUBLIC_ORIGIN 'http:\/\/wallet\.example\.com' must be https:\/\//)
  })

  test('error: a SQLite data folder or database other users can read is refused, with the chmod to run', async () => {
    const dataDir = join(mkdtempSync(join(dir, 'sqlite-')), 'data')
    const { DATABASE_URL_FILE: _unused, ...secrets } = secretFiles('unused')
    const env = { ...base, ...secrets, DATA_DIR: dataDir }
    expect((await runCli(['migrate'], { DATA_DIR: dataDir })).code).toBe(0)
    chmodSync(join(dataDir, 'stratos.sqlite'), 0o644)
    const refused = await runCli(['serve'], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(
      `stratos.sqlite is open to other users (mode 0644): chmod 600 ${join(dataDir, 'stratos.sqlite')}`,
    )
    chmodSync(join(dataDir, 'stratos.sqlite'), 0o600)
    const server = await startServe(env)
    // SIGTERM at once after the serving line: the handler is in place before the line is written.
    expect(await server.stop()).toBe(0)
  })

  test('error: missing and unreadable secrets stop the start, each named, no value shown', async () => {
    const result = await runCli(['serve'], {
      PUBLIC_ORIGIN: 'http://wallet.example.com',
      INSTANCE_KEY_FILE: join(dir, 'no-such-file'),
      DATABASE_URL: `postgres://app:${DB_PASSWORD}@127.0.0.1:1/x`,
      TRUSTED_PROXIES: '10.0.0.0/8, proxy.internal',
      PORT: '80808',
      DEV_MODE: '1',
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    const problems = result.stderr.split('\n').filter((line) => line.startsWith('  - '))
    expect(result.stderr).toMatch(/^stratos serve: cannot start, 6 settings are wrong:\n/)
    expect(problems).toEqual([
      expect.stringMatching(/^ {2}- INSTANCE_KEY_FILE: cannot read .*no-such-file \(ENOENT\)$/),
      '  - SESSION_SECRET (or SESSION_SECRET_FILE) is required: at least 32 characters',
      expect.stringMatching(/^ {2}- DEV_MODE is not allowed in stratos serve/),
      "  - PORT must be a port number from 0 to 65535, got '80808'",
      expect.stringMatching(/^ {2}- PUBLIC_ORIGIN 'http:\/\/wallet\.example\.com' must be https:\/\//),
      "  - TRUSTED_PROXIES: 'proxy.internal' is not an IP address or CIDR range",
    ])
    expect(result.stderr).not.toContain(DB_PASSWORD)
  })

  test('error: a database behind or ahead of the code is refused with what to do', async () => {
    const databaseUrl = await newDatabase()
    const files = secretFiles(databaseUrl)
    const behind = await runCli(['serve'], { ...base, ...files })
    expect(behind.code).toBe(1)
    expect(behind.stderr).toMatch(
      /is older than this version \(\d+ migration\(s\) not applied: 0001_initial, .*Run `stratos migrate` first\./,
    )
    expect((await runCli(['migrate', '--check'], files)).code).toBe(1)

    expect((await runCli(['migrate'], files)).code).toBe(0)
    const db = createDatabase({ kind: 'postgres', url: databaseUrl })
    await sql`insert into kysely_migration (name, timestamp) values ('9999_newer', '2030-01-01T00:00:00Z')`.execute(
      db,
    )
    await db.destroy()
    const ahead = await runCli(['serve'], { ...base, ...files })
    expect(ahead.code).toBe(1)
    expect(ahead.stderr).toMatch(/is newer than this version \(it has 9999_newer\)/)
    const migrateAhead = await runCli(['migrate'], files)
    expect(migrateAhead.code).toBe(1)
    expect(migrateAhead.stderr).toMatch(
      /migrations this version does not know \(9999_newer\).*nothing was changed/,
    )
    for (const output of [behind.stderr, ahead.stderr]) expect(output).not.toContain(DB_PASSWORD)
  })

  test('error: another instance key than the one the stored secrets were sealed with stops the start', async () => {
    const databaseUrl = await newDatabase()
    const files = secretFiles(databaseUrl)
    expect((await runCli(['migrate'], files)).code).toBe(0)
    const db = createDatabase({ kind: 'postgres', url: databaseUrl })
    // An instance that ran with another key persisted its session secret sealed under that key.
    await loadConfig({ INSTANCE_KEY: 'another-instance-key-0123456789abcdef' }, db)
    await db.destroy()
    const result = await runCli(['serve'], { ...base, ...files })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/INSTANCE_KEY does not open the stored setting 'session_secret'/)
    expect(result.stderr).not.toContain(INSTANCE_KEY)
  })
})
