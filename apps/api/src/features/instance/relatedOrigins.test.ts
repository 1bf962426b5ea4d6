import { describe, expect, test } from 'vitest'
import { login, register } from '../../testing/ceremonies.js'
import { createSoftAuthenticator } from '../../testing/softAuthenticator.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp, TEST_ORIGIN } from '../../testing/testApp.js'
import { TestClient } from '../../testing/testClient.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

const RELATED = 'https://wallet.client-a.example'
const UNLISTED = 'https://phish.example'

describe.each(DB_KINDS)('one passkey across the instance origins (Related Origin Requests) on %s', (kind) => {
  const databases = useTestDatabases(kind)

  test('behavior: /.well-known/webauthn lists PUBLIC_ORIGIN and every related origin', async () => {
    const t = createTestApp(await databases.fresh(), { relatedOrigins: [RELATED] })
    const res = await t.browser().client.get('/.well-known/webauthn')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.body).toEqual({ origins: [TEST_ORIGIN, RELATED] })
  })

  test('behavior: a passkey made on the main origin signs in on a related origin', async () => {
    const t = createTestApp(await databases.fresh(), { relatedOrigins: [RELATED] })
    const main = t.browser()
    expect((await register(main.client, main.authenticator, { addresses: testAddresses(1) })).status).toBe(
      200,
    )
    const elsewhere = new TestClient(t.app, RELATED)
    const authenticator = createSoftAuthenticator({
      origin: RELATED,
      credentials: [...main.authenticator.credentials],
    })
    const res = await login(elsewhere, authenticator)
    expect(res.status).toBe(200)
    expect((await elsewhere.get('/api/me')).status).toBe(200)
  })

  test('error: a request from an origin not listed is refused before any ceremony', async () => {
    const t = createTestApp(await databases.fresh(), { relatedOrigins: [RELATED] })
    const { client, authenticator } = t.browser({ origin: UNLISTED })
    const res = await register(client, authenticator, { addresses: testAddresses(2) }).catch(
      (error: Error) => error,
    )
    expect(String(res)).toMatch(/403.*ORIGIN_FORBIDDEN/)
  })

  test('error: a passkey response made on an origin not listed is ORIGIN_MISMATCH', async () => {
    const t = createTestApp(await databases.fresh(), { relatedOrigins: [RELATED] })
    const client = new TestClient(t.app, TEST_ORIGIN)
    const authenticator = createSoftAuthenticator({ origin: UNLISTED })
    const res = await register(client, authenticator, { addresses: testAddresses(3) })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('ORIGIN_MISMATCH')
  })
})
