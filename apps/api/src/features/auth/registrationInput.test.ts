import { describe, expect, test } from 'vitest'
import { register, startRegistration } from '../../testing/ceremonies.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp } from '../../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

describe.each(DB_KINDS)('what a registration carries on %s', (kind) => {
  const databases = useTestDatabases(kind)

  describe('displayName', () => {
    test.each([
      ['a right-to-left override', 'Ada\u202Egnp.exe'],
      ['a left-to-right embedding', '\u202AAda'],
      ['a pop directional formatting', 'Ada\u202C'],
      ['a first-strong isolate', 'Ada\u2068x\u2069'],
      ['a right-to-left mark', 'Ada\u200F'],
      ['an Arabic letter mark', 'Ada\u061C'],
      ['a zero-width space', 'A\u200Bda'],
      ['a word joiner', 'A\u2060da'],
      ['a byte order mark', 'A\uFEFFda'],
      ['a line break', 'Ada\nLovelace'],
      ['a tab', 'Ada\tLovelace'],
      ['a line separator', 'Ada\u2028Lovelace'],
    ])('error: a name with %s is 400 naming displayName', async (_, displayName) => {
      const t = createTestApp(await databases.fresh())
      const res = await t.browser().client.post('/api/auth/register/options', { displayName })
      expect(res.status).toBe(400)
      expect(res.body).toEqual({
        code: 'INVALID_BODY',
        message: 'displayName: bidirectional controls, invisible characters and line breaks are not allowed',
      })
    })

    test.each([
      ['empty', '', 'displayName: displayName is required'],
      ['only spaces', '   ', 'displayName: displayName is required'],
      ['65 characters', 'x'.repeat(65), 'displayName: at most 64 characters'],
    ])('error: a name %s is 400 naming displayName', async (_, displayName, message) => {
      const t = createTestApp(await databases.fresh())
      const res = await t.browser().client.post('/api/auth/register/options', { displayName })
      expect(res.status).toBe(400)
      expect(res.body).toEqual({ code: 'INVALID_BODY', message })
    })

    test('behavior: names in any script, with joiners and emoji, are kept trimmed as typed', async () => {
      const t = createTestApp(await databases.fresh())
      const names = ['  Ada Lovelace  ', 'می‌خواهم', 'שלום עולם', '👩‍💻 Ada', 'x'.repeat(64)]
      for (const [i, displayName] of names.entries()) {
        const { client, authenticator } = t.browser()
        const res = await register(client, authenticator, { displayName, addresses: testAddresses(20 + i) })
        expect(res.status).toBe(200)
        expect(res.body.user.displayName).toBe(displayName.trim())
      }
    })
  })

  describe('response.transports', () => {
    async function registerWith(transports: unknown) {
      const t = createTestApp(await databases.fresh())
      const { client, authenticator } = t.browser()
      const { challengeId, response } = await startRegistration(client, authenticator, {})
      const body = {
        challengeId,
        response: { ...response, response: { ...response.response, transports } },
        addresses: testAddresses(30),
      }
      return { client, res: await client.post('/api/auth/register/verify', body) }
    }

    test('behavior: unknown transports are dropped (WebAuthn §5.8.4), known ones kept once', async () => {
      const { client, res } = await registerWith(['usb', 'quantum-link', 'internal', 'usb', 'x'.repeat(1000)])
      expect(res.status).toBe(200)
      expect(res.body.credentials[0].transports).toEqual(['usb', 'internal'])
      expect((await client.get('/api/me')).body.credentials[0].transports).toEqual(['usb', 'internal'])
    })

    test('error: more than 8 transports is 400 naming the field', async () => {
      const { res } = await registerWith(Array(9).fill('usb'))
      expect(res.status).toBe(400)
      expect(res.body).toEqual({
        code: 'INVALID_BODY',
        message: 'response.response.transports: at most 8 entries',
      })
    })
  })
})
