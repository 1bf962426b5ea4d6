import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { createDatabase, migrateToLatest } from '@stratos/db'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import type { ApiConfig } from './config.js'
import { parseRange } from './http/clientAddress.js'
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
    expect(index.headers.get('cache-control')).toBe('no-cache')
    expect(index.headers.get('x-content-type-options')).toBe('nosniff')
    expect(index.headers.get('referrer-policy')).toBe('no-referrer')
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
    const cookie = await signUp(server.url)
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie } })
    expect(((await me.json()) as { addresses: unknown }).addresses).toEqual(testAddresses(1))
  })

  test("behavior: the probes and /.well-known/webauthn are the API's, not the SPA's", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' })
    expect(await (await fetch(`${server.url}/.well-known/webauthn`)).json()).toEqual({
      origins: [expect.stringMatching(/^http:\/\/localhost:/)],
    })
    const ready = await fetch(`${server.url}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', schema: 'ok', canton: 'not configured' },
    })
  })
})

/** Registers a passkey user over real HTTP and signs in: the session cookie (`name=value`). */
async function signUp(url: string): Promise<string> {
  const origin = testConfig().origin
  const authenticator = createSoftAuthenticator({ origin })
  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
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
  return login.headers.getSetCookie()[0]!.split(';')[0]!
}

/** A JSON-RPC node that holds each request until the test releases it. */
async function holdingRpcNode() {
  const held: ServerResponse[] = []
  let arrived = () => {}
  const server = createServer((_request, response) => {
    held.push(response)
    arrived()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Resolves once `n` requests are held. */
    waitFor: (n: number) =>
      new Promise<void>((resolve) => {
        arrived = () => held.length >= n && resolve()
        arrived()
      }),
    releaseAll() {
      for (const response of held.splice(0))
        response.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: '0x7a69' }))
    },
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

describe('startApiServer close()', () => {
  const started: { close(): Promise<unknown> }[] = []
  afterEach(async () => {
    for (const s of started.splice(0).reverse()) await s.close()
  })

  async function serverWithHeldRpc(overrides: Partial<ApiConfig> = {}) {
    const node = await holdingRpcNode()
    started.push(node)
    const db = createDatabase({ kind: 'sqlite', file: ':memory:' })
    await migrateToLatest(db)
    started.push({ close: () => db.destroy() })
    const lines: string[] = []
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk))
          done()
        },
      }),
    })
    const config = testConfig({
      evm: { chainId: 31337, name: 'Anvil', symbol: 'ETH', rpcUrl: node.url },
      ...overrides,
    })
    const server = await startApiServer({ db, config, port: 0, logger })
    const cookie = await signUp(server.url)
    const rpc = () =>
      fetch(`${server.url}/api/rpc/evm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: config.origin, cookie },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      })
    return { node, server, rpc, lines }
  }

  test('behavior: a request in flight finishes; new connections are refused meanwhile', async () => {
    const { node, server, rpc } = await serverWithHeldRpc()
    const pending = rpc()
    await node.waitFor(1)
    const closing = server.close(60_000)
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
    node.releaseAll()
    const answer = await pending
    expect(answer.status).toBe(200)
    expect(answer.headers.get('connection')).toBe('close')
    expect(await answer.json()).toMatchObject({ result: '0x7a69' })
    expect(await closing).toEqual({ inFlightAtClose: 1, cut: 0 })
  })

  test('behavior: a request still busy after the bound is cut, and close() returns', async () => {
    const { node, server, rpc } = await serverWithHeldRpc()
    const pending = rpc().catch((error: unknown) => error)
    await node.waitFor(1)
    expect(await server.close(50)).toEqual({ inFlightAtClose: 1, cut: 1 })
    expect(await pending).toBeInstanceOf(Error)
  })

  test('behavior: the client address comes from X-Forwarded-For only through a trusted proxy', async () => {
    const untrusted = await serverWithHeldRpc()
    await fetch(`${untrusted.server.url}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.7' } })
    const trusted = await serverWithHeldRpc({ trustedProxies: [parseRange('127.0.0.0/8')!] })
    await fetch(`${trusted.server.url}/healthz`, {
      headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' },
    })
    const probeLine = (lines: string[]) =>
      lines.map((line) => JSON.parse(line)).find((line) => line.path === '/healthz')
    expect(probeLine(untrusted.lines)).toMatchObject({ ip: '127.0.0.1', proto: 'http' })
    expect(probeLine(trusted.lines)).toMatchObject({ ip: '203.0.113.7', proto: 'https' })
    untrusted.node.releaseAll()
    trusted.node.releaseAll()
  })
})

describe('startApiServer sweep', () => {
  test('behavior: old sessions and expired challenges are swept while it runs', async () => {
    const db = createDatabase({ kind: 'sqlite', file: ':memory:' })
    await migrateToLatest(db)
    const long = new Date(Date.now() - 2 * 24 * 3600_000).toISOString()
    const later = new Date(Date.now() + 3600_000).toISOString()
    await db
      .insertInto('users')
      .values({ id: 'u', display_name: 'U', role: 'user', webauthn_user_id: 'h', created_at: long })
      .execute()
    const session = (id: string, expiresAt: string) => ({
      id,
      user_id: 'u',
      created_at: long,
      expires_at: expiresAt,
      revoked_at: null,
      user_agent: null,
    })
    const challenge = (id: string, expiresAt: string) => ({
      id,
      challenge: id,
      purpose: 'authentication' as const,
      context: null,
      created_at: long,
      expires_at: expiresAt,
      client: null,
    })
    await db
      .insertInto('sessions')
      .values([session('old', long), session('live', later)])
      .execute()
    await db
      .insertInto('challenges')
      .values([challenge('expired', long), challenge('open', later)])
      .execute()
    const ids = async () => [
      ...(await db.selectFrom('sessions').select('id').execute()).map((r) => r.id),
      ...(await db.selectFrom('challenges').select('id').execute()).map((r) => r.id),
    ]
    const server = await startApiServer({
      db,
      config: testConfig(),
      port: 0,
      logger: createLogger({ level: 'silent' }),
      sweepIntervalMs: 20,
    })
    try {
      await vi.waitFor(async () => expect((await ids()).sort()).toEqual(['live', 'open']), {
        timeout: 10_000,
      })
    } finally {
      await server.close()
    }
    await db.destroy()
  })
})
