import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase, migrateToLatest } from '@stratos/db'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createLogger } from './logger.js'
import { type ApiServer, startApiServer } from './node.js'
import { createSoftAuthenticator } from './testing/softAuthenticator.js'
import { testAddresses } from './testing/testAddresses.js'
import { testConfig } from './testing/testApp.js'

describe('startApiServer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratos-api-'))
  const staticDir = join(dir, 'dist')
  const db = createDatabase({ kind: 'sqlite', file: join(dir, 'stratos.sqlite') })
  let server: ApiServer

  beforeAll(async () => {
    mkdirSync(join(staticDir, 'assets'), { recursive: true })
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Stratos</title><div id="root"></div>')
    writeFileSync(join(staticDir, 'assets', 'app-1234.js'), 'console.log("app")')
    await migrateToLatest(db)
    server = await startApiServer({
      db,
      config: testConfig(),
      port: 0,
      staticDir,
      logger: createLogger({ level: 'silent' }),
    })
  })
  afterAll(async () => {
    await server?.close()
    await db.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  test('behavior: listens on 127.0.0.1 and serves the API', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${server.url}/api/health`)
    expect(await res.json()).toEqual({ ok: true })
  })

  test('behavior: serves the SPA, with index.html for client-side routes', async () => {
    const index = await fetch(`${server.url}/`)
    expect(index.headers.get('content-type')).toMatch(/text\/html/)
    expect(await index.text()).toContain('<div id="root">')
    const deep = await fetch(`${server.url}/enroll`)
    expect(deep.status).toBe(200)
    expect(await deep.text()).toContain('<div id="root">')
    const asset = await fetch(`${server.url}/assets/app-1234.js`)
    expect(await asset.text()).toBe('console.log("app")')
    expect(asset.headers.get('cache-control')).toMatch(/immutable/)
  })

  test('error: unknown /api paths stay JSON 404s, never the SPA', async () => {
    const res = await fetch(`${server.url}/api/nope`)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' })
  })

  test('behavior: register and sign in over real HTTP with the session cookie', async () => {
    const origin = testConfig().origin
    const authenticator = createSoftAuthenticator({ origin })
    const post = (path: string, body: unknown, cookie?: string) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      })
    const regOptions = (await (await post('/api/auth/register/options', { displayName: 'Http' })).json()) as {
      challengeId: string
      options: never
    }
    const verify = await post('/api/auth/register/verify', {
      challengeId: regOptions.challengeId,
      response: await authenticator.register(regOptions.options),
      addresses: testAddresses(1),
    })
    expect(verify.status).toBe(200)
    const loginOptions = (await (await post('/api/auth/login/options', {})).json()) as {
      challengeId: string
      options: never
    }
    const login = await post('/api/auth/login/verify', {
      challengeId: loginOptions.challengeId,
      response: await authenticator.authenticate(loginOptions.options),
    })
    expect(login.status).toBe(200)
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie } })
    expect(((await me.json()) as { addresses: unknown }).addresses).toEqual(testAddresses(1))
  })
})
