import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createDatabase, migrateToLatest } from '@stratos/db'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createLogger } from '../logger.js'
import { type ApiServer, startApiServer } from '../node.js'
import { testConfig } from '../testing/testApp.js'
import { CONTENT_SECURITY_POLICY } from './securityHeaders.js'

/** The production build of the web app (`npm run build`), served as `stratos serve` serves it. */
const webDist = resolve(import.meta.dirname, '../../../web/dist')

const EVERY_RESPONSE = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
}

function headersOf(response: Response, names: string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((name) => [name, response.headers.get(name)]))
}

describe('security headers of the Node server with the built web app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratos-headers-'))
  const db = createDatabase({ kind: 'sqlite', file: join(dir, 'stratos.sqlite') })
  const servers: Record<'http' | 'https', ApiServer | undefined> = { http: undefined, https: undefined }

  beforeAll(async () => {
    if (!existsSync(join(webDist, 'index.html')))
      throw new Error(`${webDist} has no index.html: run npm run build once`)
    await migrateToLatest(db)
    const start = (origin: string) =>
      startApiServer({
        db,
        config: testConfig({ origin, rpId: new URL(origin).hostname }),
        port: 0,
        staticDir: webDist,
        logger: createLogger({ level: 'silent' }),
      })
    servers.http = await start('http://localhost:8787')
    servers.https = await start('https://wallet.example.com')
  })
  afterAll(async () => {
    await servers.http?.close()
    await servers.https?.close()
    await db.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  /** The index page, one of its scripts, an API answer and an API error of a server. */
  async function responses(server: ApiServer) {
    const index = await fetch(`${server.url}/`)
    const html = await index.text()
    const script = /<script[^>]* src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect(script, 'the index page loads a script from /assets/').toBeDefined()
    const asset = await fetch(`${server.url}${script}`)
    expect(asset.status).toBe(200)
    const api = await fetch(`${server.url}/api/health`)
    expect(api.status).toBe(200)
    const error = await fetch(`${server.url}/api/me`)
    expect(error.status).toBe(401)
    return { index, asset, api, error }
  }

  test('behavior: the page, an asset and API answers (errors too) carry CSP, COOP, CORP, Permissions-Policy, nosniff, no-referrer and DENY; no HSTS on http loopback', async () => {
    for (const [what, response] of Object.entries(await responses(servers.http!))) {
      expect(headersOf(response, Object.keys(EVERY_RESPONSE)), what).toEqual(EVERY_RESPONSE)
      const permissions = response.headers.get('permissions-policy')
      expect(permissions, what).toContain('publickey-credentials-get=(self)')
      expect(permissions, what).toContain('publickey-credentials-create=(self)')
      expect(permissions, what).toContain('camera=()')
      expect(response.headers.get('strict-transport-security'), what).toBeNull()
    }
  })

  test('behavior: HSTS on every answer when the public origin is https', async () => {
    for (const [what, response] of Object.entries(await responses(servers.https!))) {
      expect(response.headers.get('strict-transport-security'), what).toBe(
        'max-age=63072000; includeSubDomains',
      )
      expect(response.headers.get('content-security-policy'), what).toBe(CONTENT_SECURITY_POLICY)
    }
  })

  test('behavior: the built index.html has nothing inline the CSP would block (no inline script, style element or style attribute)', () => {
    const html = readFileSync(join(webDist, 'index.html'), 'utf8')
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//)
      expect(body?.trim()).toBe('')
    }
    expect(html).not.toMatch(/<style\b/)
    expect(html).not.toMatch(/\sstyle="/)
    expect(html).not.toMatch(/\son[a-z]+="/)
  })
})
