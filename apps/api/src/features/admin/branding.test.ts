import { describe, expect, test } from 'vitest'
import type { ApiConfig } from '../../config.js'
import { adminAndUser } from '../../testing/adminAndUser.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import type { TestClient } from '../../testing/testClient.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'
import {
  JPEG_3X2,
  jpegSized,
  PNG_3X2,
  pngSized,
  simpleWebp,
  WEBP_LOSSY_3X2,
} from '../../testing/testImages.js'

/** The settings' brand of these tests: what an operator sets in INSTANCE_NAME and BRAND_*. */
const SETTINGS_BRAND = {
  instanceName: 'Acme Vault',
  brand: {
    primaryColor: '#0b5394',
    accentColor: '#6fa8dc',
    supportEmail: 'help@acme.example',
    supportUrl: null,
  },
} satisfies Partial<ApiConfig>

const EDITED = {
  name: 'Globex Treasury',
  primaryColor: '#1E5631',
  accentColor: '#A4DE02',
  supportEmail: null,
  supportUrl: 'https://support.globex.example/wallet',
}

function putLogo(client: TestClient, bytes: Uint8Array, contentType = 'application/octet-stream') {
  return client.request('PUT', '/api/admin/branding/logo', bytes, { 'content-type': contentType })
}

/** The audit entries of branding changes, oldest first, with their details parsed. */
async function brandingAudit(t: TestApp) {
  const rows = await t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', 'like', 'settings.branding.%')
    .orderBy('seq')
    .execute()
  return rows.map((row) => ({
    action: row.action,
    actor: row.actor_user_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
  }))
}

/** The relying party name of new passkeys' creation options (sign-up by a fresh browser). */
async function rpNameOfRegistration(t: TestApp): Promise<string> {
  const options = await t.browser().client.post('/api/auth/register/options', { displayName: 'Newcomer' })
  expect(options.status, options.text).toBe(200)
  return options.body.options.rp.name
}

describe.each(API_TARGETS)('branding on %s', (kind) => {
  const databases = useTestDatabases(kind)
  const setup = async () => {
    const t = createTestApp(await databases.fresh(), SETTINGS_BRAND)
    return { t, ...(await adminAndUser(t)) }
  }

  describe('defaults', () => {
    test('behavior: without an admin edit the brand is the settings; /api/config shows it to anyone', async () => {
      const { t, admin } = await setup()
      const config = await t.browser().client.get('/api/config')
      expect(config.status).toBe(200)
      expect(config.body.instanceName).toBe('Acme Vault')
      expect(config.body.brand).toEqual({
        name: 'Acme Vault',
        primaryColor: '#0b5394',
        accentColor: '#6fa8dc',
        supportEmail: 'help@acme.example',
        supportUrl: null,
        logoUrl: null,
      })
      const branding = await admin.get('/api/admin/branding')
      expect(branding.status).toBe(200)
      const defaults = { name: 'Acme Vault', ...SETTINGS_BRAND.brand }
      expect(branding.body).toEqual({ brand: defaults, source: 'settings', defaults, logo: null })
      expect(await rpNameOfRegistration(t)).toBe('Acme Vault')
    })
  })

  describe('PUT /api/admin/branding', () => {
    test('behavior: an admin edit wins over the settings at once, audited with before and after', async () => {
      const { t, admin, adminId } = await setup()
      const saved = await admin.put('/api/admin/branding', EDITED)
      expect(saved.status, saved.text).toBe(200)
      const edited = { ...EDITED, primaryColor: '#1e5631', accentColor: '#a4de02' }
      expect(saved.body).toEqual({
        brand: edited,
        source: 'admin',
        defaults: { name: 'Acme Vault', ...SETTINGS_BRAND.brand },
        logo: null,
      })
      expect((await admin.get('/api/admin/branding')).body).toEqual(saved.body)
      const config = await t.browser().client.get('/api/config')
      expect(config.body.instanceName).toBe('Globex Treasury')
      expect(config.body.brand).toEqual({ ...edited, logoUrl: null })

      expect(await brandingAudit(t)).toEqual([
        {
          action: 'settings.branding.update',
          actor: adminId,
          details: {
            before: { name: 'Acme Vault', ...SETTINGS_BRAND.brand, source: 'settings' },
            after: { ...edited, source: 'admin' },
          },
        },
      ])

      // Saving what is in use changes nothing and records nothing; a change records its before.
      expect((await admin.put('/api/admin/branding', edited)).status).toBe(200)
      expect(await brandingAudit(t)).toHaveLength(1)
      const renamed = await admin.put('/api/admin/branding', { ...edited, name: 'Globex' })
      expect(renamed.body.brand.name).toBe('Globex')
      const audit = await brandingAudit(t)
      expect(audit).toHaveLength(2)
      expect(audit[1]!.details).toEqual({
        before: { ...edited, source: 'admin' },
        after: { ...edited, name: 'Globex', source: 'admin' },
      })
    })

    test('behavior: the RP name of new passkeys is the brand name in use, for sign-up and backup passkeys', async () => {
      const { t, admin, user } = await setup()
      expect(await rpNameOfRegistration(t)).toBe('Acme Vault')
      expect((await admin.put('/api/admin/branding', EDITED)).status).toBe(200)
      expect(await rpNameOfRegistration(t)).toBe('Globex Treasury')
      const backup = await user.post('/api/me/credentials/options', {})
      expect(backup.status, backup.text).toBe(200)
      expect(backup.body.options.rp).toEqual({ name: 'Globex Treasury', id: 'localhost' })
    })

    test('behavior: the operator sign-in refusal page a browser is shown names the brand in use', async () => {
      const { t, admin } = await setup()
      expect((await admin.put('/api/admin/branding', EDITED)).status).toBe(200)
      // This instance has no operator sign-in: the start is refused, as a page for a browser.
      const res = await t.app.request(`${t.config.origin}/api/auth/oidc/start`, {
        headers: { accept: 'text/html' },
      })
      expect(res.status).toBe(404)
      const html = await res.text()
      expect(html).toContain('<title>Operator sign-in refused · Globex Treasury</title>')
      expect(html).toContain('Back to Globex Treasury')
    })

    test('error: each field that breaks a rule is 400 INVALID_BODY naming it and why; nothing is saved', async () => {
      const { t, admin } = await setup()
      const refusals: [Record<string, unknown>, string][] = [
        [{ name: '' }, 'name: must not be empty'],
        [{ name: ' Acme' }, 'name: must not start or end with a space'],
        [{ name: 'A'.repeat(65) }, 'name: must be at most 64 characters (it has 65)'],
        [{ name: 'Acme\tVault' }, 'name: must not contain control characters (U+0009)'],
        [{ name: 'Acme\u202eVault' }, 'name: must not contain control characters (U+202E)'],
        [{ primaryColor: 'navy' }, "primaryColor: must be a colour as #rrggbb (e.g. #4f46e5), got 'navy'"],
        [{ primaryColor: '#fff' }, "primaryColor: must be a colour as #rrggbb (e.g. #4f46e5), got '#fff'"],
        [
          { primaryColor: '#ffcc00' },
          'primaryColor: #ffcc00 has a contrast of 1.51:1 with white text, below the 4.5:1 WCAG asks for (success criterion 1.4.3): choose a darker colour',
        ],
        [
          { primaryColor: '#7f7f7f' },
          'primaryColor: #7f7f7f has a contrast of 4.00:1 with white text, below the 4.5:1 WCAG asks for (success criterion 1.4.3): choose a darker colour',
        ],
        [
          { accentColor: '#12345g' },
          "accentColor: must be a colour as #rrggbb (e.g. #4f46e5), got '#12345g'",
        ],
        [{ supportEmail: 'help at acme' }, 'supportEmail: must be an email address (e.g. help@example.com)'],
        [{ supportEmail: 'help@' }, 'supportEmail: must be an email address (e.g. help@example.com)'],
        [
          { supportUrl: 'http://help.example' },
          'supportUrl: must be an https:// URL (e.g. https://help.example.com)',
        ],
        [
          { supportUrl: 'javascript:alert(1)' },
          'supportUrl: must be an https:// URL (e.g. https://help.example.com)',
        ],
        [{ supportUrl: 'https://me:pw@help.example' }, 'supportUrl: must not carry a user name or password'],
        [{ logo: 'x' }, 'Unrecognized key'],
      ]
      for (const [change, message] of refusals) {
        const res = await admin.put('/api/admin/branding', { ...EDITED, ...change })
        expect([change, res.status, res.body.code]).toEqual([change, 400, 'INVALID_BODY'])
        expect(res.body.message).toContain(message)
      }
      const { supportUrl: _, ...missing } = EDITED
      const incomplete = await admin.put('/api/admin/branding', missing)
      expect([incomplete.status, incomplete.body.message]).toEqual([400, 'supportUrl: Required'])
      // The edge refuses a C0 control other than tab and line breaks before any schema.
      const bell = await admin.put('/api/admin/branding', { ...EDITED, name: 'Acme\u0007' })
      expect([bell.status, bell.body.code]).toEqual([400, 'INVALID_BODY'])

      // The darkest refused grey and the lightest accepted one sit on either side of 4.5:1.
      expect((await admin.put('/api/admin/branding', { ...EDITED, primaryColor: '#767676' })).status).toBe(
        200,
      )
      expect((await t.browser().client.get('/api/config')).body.brand.primaryColor).toBe('#767676')
      expect(await brandingAudit(t)).toHaveLength(1)
    })
  })

  describe('logo', () => {
    test('behavior: an uploaded PNG is served with its type, nosniff and a cache by version, and shows in /api/config', async () => {
      const { t, admin, adminId } = await setup()
      const up = await putLogo(admin, PNG_3X2)
      expect(up.status, up.text).toBe(200)
      const { logo } = up.body
      expect(logo).toMatchObject({ mediaType: 'image/png', width: 3, height: 2, bytes: PNG_3X2.length })
      expect(logo.sha256).toMatch(/^[0-9a-f]{64}$/)
      expect(logo.url).toBe(`/api/instance/logo?v=${logo.sha256.slice(0, 16)}`)
      const config = await t.browser().client.get('/api/config')
      expect(config.body.brand.logoUrl).toBe(logo.url)

      const served = await t.app.request(`${t.config.origin}${logo.url}`)
      expect(served.status).toBe(200)
      expect(served.headers.get('content-type')).toBe('image/png')
      expect(served.headers.get('x-content-type-options')).toBe('nosniff')
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG_3X2)
      // Another version (an old URL) or none: the current logo, asked again each time.
      const unversioned = await t.app.request(`${t.config.origin}/api/instance/logo?v=0000000000000000`)
      expect([unversioned.status, unversioned.headers.get('cache-control')]).toEqual([200, 'no-cache'])

      expect(await brandingAudit(t)).toEqual([
        {
          action: 'settings.branding.logo.upload',
          actor: adminId,
          details: {
            before: null,
            after: {
              mediaType: 'image/png',
              width: 3,
              height: 2,
              bytes: PNG_3X2.length,
              sha256: logo.sha256,
            },
          },
        },
      ])
    })

    test('behavior: JPEG and WebP are served as what their bytes are; a new logo has a new URL; before and after audited', async () => {
      const { t, admin } = await setup()
      const jpeg = await putLogo(admin, JPEG_3X2)
      const webp = await putLogo(admin, simpleWebp(WEBP_LOSSY_3X2, 'VP8 '))
      expect([jpeg.status, webp.status]).toEqual([200, 200])
      expect(jpeg.body.logo.mediaType).toBe('image/jpeg')
      expect(webp.body.logo.mediaType).toBe('image/webp')
      expect(webp.body.logo.url).not.toBe(jpeg.body.logo.url)
      const served = await t.app.request(`${t.config.origin}${webp.body.logo.url}`)
      expect(served.headers.get('content-type')).toBe('image/webp')
      const audit = await brandingAudit(t)
      expect(audit.map((entry) => entry.action)).toEqual([
        'settings.branding.logo.upload',
        'settings.branding.logo.upload',
      ])
      expect(audit[1]!.details.before).toMatchObject({
        mediaType: 'image/jpeg',
        sha256: jpeg.body.logo.sha256,
      })
      expect(audit[1]!.details.after).toMatchObject({
        mediaType: 'image/webp',
        sha256: webp.body.logo.sha256,
      })
    })

    test('behavior: removing the logo stops serving it (404) and audits it; removing none is 404 LOGO_NOT_SET', async () => {
      const { t, admin } = await setup()
      const none = await t.browser().client.get('/api/instance/logo')
      expect([none.status, none.body.code]).toEqual([404, 'LOGO_NOT_SET'])
      const nothing = await admin.delete('/api/admin/branding/logo')
      expect([nothing.status, nothing.body.code]).toEqual([404, 'LOGO_NOT_SET'])

      const up = await putLogo(admin, PNG_3X2)
      const removed = await admin.delete('/api/admin/branding/logo')
      expect(removed.status, removed.text).toBe(200)
      expect(removed.body.logo).toBeNull()
      expect((await t.browser().client.get('/api/config')).body.brand.logoUrl).toBeNull()
      expect((await t.app.request(`${t.config.origin}${up.body.logo.url}`)).status).toBe(404)
      const audit = await brandingAudit(t)
      expect(audit.at(-1)).toMatchObject({
        action: 'settings.branding.logo.remove',
        details: { before: { mediaType: 'image/png', sha256: up.body.logo.sha256 }, after: null },
      })
      const rows = await t.db
        .selectFrom('instance_settings')
        .select('key')
        .where('key', 'like', 'brand_logo%')
        .execute()
      expect(rows).toEqual([])
    })

    test('error: SVG, other formats, unreadable headers, too many pixels, too many bytes and other media types are refused', async () => {
      const { t, admin } = await setup()
      const text = (value: string) => new TextEncoder().encode(value)
      const refusals: [string, Uint8Array, number, string, string][] = [
        [
          'svg',
          text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
          400,
          'LOGO_UNSUPPORTED_TYPE',
          'An SVG logo is not accepted (an SVG can carry script): upload it as a PNG, JPEG or WebP image',
        ],
        [
          'gif',
          text('GIF89a\x01\x00\x01\x00\x00\x00\x00'),
          400,
          'LOGO_UNSUPPORTED_TYPE',
          'The file is not a PNG, JPEG or WebP image (recognised by its content, not its name or declared type)',
        ],
        [
          'truncated png',
          PNG_3X2.subarray(0, 20),
          400,
          'LOGO_UNREADABLE',
          'The file starts like a image/png image but its header does not give its size: save it again as PNG, JPEG or WebP',
        ],
        [
          'wide png',
          pngSized(1025, 10),
          400,
          'LOGO_TOO_LARGE',
          'The logo is 1025 x 10 pixels: at most 1024 x 1024 are accepted',
        ],
        [
          'tall jpeg',
          jpegSized(10, 4000),
          400,
          'LOGO_TOO_LARGE',
          'The logo is 10 x 4000 pixels: at most 1024 x 1024 are accepted',
        ],
        [
          'over 256 KiB',
          new Uint8Array(256 * 1024 + 1).fill(7),
          413,
          'PAYLOAD_TOO_LARGE',
          'The body may be at most 262144 bytes',
        ],
        ['empty', new Uint8Array(0), 400, 'INVALID_BODY', 'The body is empty: send the file'],
      ]
      for (const [name, bytes, status, code, message] of refusals) {
        const res = await putLogo(admin, bytes)
        expect([name, res.status, res.body.code, res.body.message]).toEqual([name, status, code, message])
      }
      // The declared type counts for nothing: a PNG sent as image/png is 415 (the file goes as bytes).
      const declared = await putLogo(admin, PNG_3X2, 'image/png')
      expect([declared.status, declared.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE'])
      // Exactly 1024 x 1024 is accepted.
      expect((await putLogo(admin, pngSized(1024, 1024))).status).toBe(200)
      expect((await brandingAudit(t)).map((entry) => entry.action)).toEqual(['settings.branding.logo.upload'])
    })
  })

  describe('access', () => {
    const changes: [string, string, unknown?][] = [
      ['PUT', '/api/admin/branding', EDITED],
      ['PUT', '/api/admin/branding/logo', PNG_3X2],
      ['DELETE', '/api/admin/branding/logo'],
    ]

    test('error: every branding admin route is 403 FORBIDDEN for a user and 401 UNAUTHENTICATED without a session', async () => {
      const { t, user } = await setup()
      const anonymous = t.browser().client
      for (const [method, path, body] of [['GET', '/api/admin/branding'] as [string, string], ...changes]) {
        const headers: Record<string, string> =
          body instanceof Uint8Array ? { 'content-type': 'application/octet-stream' } : {}
        const forbidden = await user.request(method, path, body, headers)
        expect([method, path, forbidden.status, forbidden.body.code]).toEqual([
          method,
          path,
          403,
          'FORBIDDEN',
        ])
        const unauthenticated = await anonymous.request(method, path, body, headers)
        expect([method, path, unauthenticated.status]).toEqual([method, path, 401])
      }
      expect((await anonymous.get('/api/config')).body.brand.name).toBe('Acme Vault')
      expect(await brandingAudit(t)).toEqual([])
    })

    test('error: an admin change without a step-up is 403 STEP_UP_REQUIRED and changes nothing', async () => {
      const { t, admin } = await setup()
      expect((await putLogo(admin, PNG_3X2)).status).toBe(200)
      admin.confirmWith(null)
      for (const [method, path, body] of changes) {
        const headers: Record<string, string> =
          body instanceof Uint8Array ? { 'content-type': 'application/octet-stream' } : {}
        const res = await admin.request(method, path, body, headers)
        expect([method, path, res.status, res.body.code]).toEqual([method, path, 403, 'STEP_UP_REQUIRED'])
      }
      const config = await t.browser().client.get('/api/config')
      expect(config.body.brand.name).toBe('Acme Vault')
      expect(config.body.brand.logoUrl).not.toBeNull()
      expect((await brandingAudit(t)).map((entry) => entry.action)).toEqual(['settings.branding.logo.upload'])
    })
  })
})
