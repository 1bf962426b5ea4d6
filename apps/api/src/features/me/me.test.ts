import { describe, expect, test } from 'vitest'
import { register } from '../../testing/ceremonies.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp } from '../../testing/testApp.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'

describe.each(API_TARGETS)('/api/me on %s', (kind) => {
  const databases = useTestDatabases(kind)

  async function signedIn() {
    const t = createTestApp(await databases.fresh())
    const browser = t.browser()
    const res = await register(browser.client, browser.authenticator, { addresses: testAddresses(1) })
    expect(res.status).toBe(200)
    return { t, ...browser }
  }

  test('error: without a session it is 401 UNAUTHENTICATED', async () => {
    const t = createTestApp(await databases.fresh())
    const res = await t.browser().client.get('/api/me')
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) })
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  test('behavior: PUT /api/me/addresses with the stored addresses confirms them', async () => {
    const { client } = await signedIn()
    const res = await client.put('/api/me/addresses', { addresses: testAddresses(1) })
    expect(res.status).toBe(200)
    expect(res.body.addresses).toEqual(testAddresses(1))
  })

  test('error: different addresses are 409 ADDRESSES_MISMATCH and nothing is overwritten', async () => {
    const { client } = await signedIn()
    const other = { ...testAddresses(1), evm: testAddresses(2).evm }
    const res = await client.put('/api/me/addresses', { addresses: other })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('ADDRESSES_MISMATCH')
    expect(res.body.message).toMatch(/evm/)
    expect((await client.get('/api/me')).body.addresses).toEqual(testAddresses(1))
  })

  test('behavior: a user without stored addresses gets them stored', async () => {
    const { t, client } = await signedIn()
    await t.db.deleteFrom('addresses').execute()
    expect((await client.get('/api/me')).body.addresses).toBeNull()
    const res = await client.put('/api/me/addresses', { addresses: testAddresses(3) })
    expect(res.status).toBe(200)
    expect(res.body.addresses).toEqual(testAddresses(3))
  })

  test('error: malformed addresses are 400 naming the field', async () => {
    const { client } = await signedIn()
    const res = await client.put('/api/me/addresses', {
      addresses: { ...testAddresses(1), bitcoin: 'bc1-nope' },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('INVALID_BODY')
    expect(res.body.message).toMatch(/^addresses\.bitcoin: expected a P2WPKH bech32 address/)
    const missing = await client.put('/api/me/addresses', {})
    expect(missing.body.message).toBe('addresses: Required')
  })
})
