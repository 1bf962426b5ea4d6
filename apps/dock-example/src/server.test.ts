import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DockExampleServer, serveDockExample } from './server.js'

const WALLET_ORIGIN = 'http://127.0.0.1:8787'
const instrument = { admin: 'registry-admin::1220ab', id: 'Amulet' }

/** GET with the path exactly as written (fetch would normalise `..`). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

let root: string
let server: DockExampleServer
let registry: {
  url: string
  seen: { method: string; path: string; body: string; auth: string | null }[]
  close(): void
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dock-example-'))
  const dist = join(root, 'dist')
  await mkdir(join(dist, 'assets'), { recursive: true })
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>Dock example</title>')
  await writeFile(join(dist, 'assets', 'main.js'), 'console.log(1)')
  await writeFile(join(root, 'secret.txt'), 'outside dist')

  // A stand-in token registry (the real one is canton-devnet's): records what reaches it.
  const seen: { method: string; path: string; body: string; auth: string | null }[] = []
  const app = new Hono()
  app.all('*', async (c) => {
    seen.push({
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      body: await c.req.text(),
      auth: c.req.header('authorization') ?? null,
    })
    return c.json({ factoryId: 'factory-1', transferKind: 'direct' })
  })
  const registryServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const { port } = registryServer.address() as { port: number }
  registry = { url: `http://127.0.0.1:${port}`, seen, close: () => registryServer.close() }

  server = await serveDockExample({
    walletOrigin: WALLET_ORIGIN,
    registryUrl: `${registry.url}/`,
    registryToken: 'registry-secret',
    instrument,
    distDir: dist,
  })
})

afterAll(async () => {
  await server?.close()
  registry?.close()
  await rm(root, { recursive: true, force: true })
})

describe('serveDockExample', () => {
  test('behavior: serves the built app with a CSP that lets only the wallet frame it', async () => {
    const index = await fetch(`${server.url}/`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toContain('text/html')
    expect(await index.text()).toContain('Dock example')
    const csp = index.headers.get('content-security-policy') ?? ''
    expect(csp).toContain(`frame-ancestors ${WALLET_ORIGIN}`)
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("connect-src 'self'")

    const script = await fetch(`${server.url}/assets/main.js`)
    expect(script.headers.get('content-type')).toContain('text/javascript')
    expect(await script.text()).toBe('console.log(1)')
  })

  test('behavior: /config.json is the instrument and nothing secret', async () => {
    const response = await fetch(`${server.url}/config.json`)
    const text = await response.text()
    expect(JSON.parse(text)).toEqual({ instrument })
    expect(text).not.toContain('registry-secret')
  })

  test('behavior: /registry/* is forwarded to the registry with its path, body and the server-side token', async () => {
    const body = JSON.stringify({
      choiceArguments: { expectedAdmin: instrument.admin },
      excludeDebugFields: true,
    })
    const response = await fetch(`${server.url}/registry/transfer-instruction/v1/transfer-factory`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer from-the-browser' },
      body,
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ factoryId: 'factory-1', transferKind: 'direct' })
    expect(registry.seen.at(-1)).toEqual({
      method: 'POST',
      path: '/registry/transfer-instruction/v1/transfer-factory',
      body,
      auth: 'Bearer registry-secret',
    })
  })

  test('error: paths outside dist are refused', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
    ]) {
      const response = await rawGet(server.url, path)
      expect(response.status, path).toBe(404)
      expect(response.body, path).not.toContain('outside dist')
    }
    expect((await rawGet(server.url, '/missing.js')).status).toBe(404)
  })

  test('error: an unbuilt app is refused at start with the command that builds it', async () => {
    await expect(
      serveDockExample({ walletOrigin: WALLET_ORIGIN, instrument: null, distDir: join(root, 'nothing') }),
    ).rejects.toThrow('npm run build -w @stratos/dock-example')
  })

  test('error: other methods on the registry are 405, and no registry configured is 503', async () => {
    const put = await fetch(`${server.url}/registry/x`, { method: 'PUT', body: '{}' })
    expect(put.status).toBe(405)
    const bare = await serveDockExample({
      walletOrigin: WALLET_ORIGIN,
      instrument: null,
      distDir: join(root, 'dist'),
    })
    try {
      const response = await fetch(`${bare.url}/registry/transfer-instruction/v1/transfer-factory`, {
        method: 'POST',
        body: '{}',
      })
      expect(response.status).toBe(503)
      expect(await response.json()).toMatchObject({ code: 'REGISTRY_NOT_CONFIGURED' })
      expect(await (await fetch(`${bare.url}/config.json`)).json()).toEqual({ instrument: null })
    } finally {
      await bare.close()
    }
  })
})
