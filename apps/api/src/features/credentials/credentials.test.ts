import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { describe, expect, test } from 'vitest'
import { hkdfFromPrf, PRF_INPUT, unwrapEntropy, wrapEntropy } from '../../testing/browserKeys.js'
import {
  addCredential,
  login,
  register,
  startAddCredential,
  startRegistration,
} from '../../testing/ceremonies.js'
import {
  createSoftAuthenticator,
  evaluatePrf,
  type SoftAuthenticator,
} from '../../testing/softAuthenticator.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import type { TestClient } from '../../testing/testClient.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

describe.each(DB_KINDS)('/api/me/credentials on %s', (kind) => {
  const databases = useTestDatabases(kind)

  /** A signed-in user whose first passkey (authenticator A) defines the wallet. */
  async function signedIn(seed = 1) {
    const t = createTestApp(await databases.fresh())
    const browser = t.browser()
    const res = await register(browser.client, browser.authenticator, {
      displayName: 'Alice',
      addresses: testAddresses(seed),
    })
    expect(res.status).toBe(200)
    return { t, ...browser, me: res.body }
  }

  /** Another device of the same person: a second authenticator in the same browser session. */
  function device(t: TestApp): SoftAuthenticator {
    return createSoftAuthenticator({ origin: t.config.origin })
  }

  /** The wallet entropy of A's PRF, wrapped under B's wrap key, as the web app computes it. */
  async function wrapFor(first: SoftAuthenticator, backup: SoftAuthenticator) {
    const entropy = await hkdfFromPrf(await evaluatePrf(first.credentials[0]!, PRF_INPUT), 'master-seed/v1')
    const wrapKey = await hkdfFromPrf(await evaluatePrf(backup.credentials.at(-1)!, PRF_INPUT), 'wrap-key/v1')
    return { entropy, wrapKey, wrapped: await wrapEntropy(entropy, wrapKey) }
  }

  /** Adds B as a backup: options, create() on B, wrap A's entropy under B's wrap key, verify. */
  async function addBackup(t: TestApp, client: TestClient, a: SoftAuthenticator) {
    const b = device(t)
    const pending = await startAddCredential(client, b)
    const { entropy, wrapKey, wrapped } = await wrapFor(a, b)
    const res = await client.post('/api/me/credentials/verify', { ...pending, wrappedEntropy: wrapped })
    return { b, res, entropy, wrapKey, wrapped }
  }

  test('behavior: options are for the same WebAuthn user, exclude their passkeys, need a discoverable UV passkey with PRF', async () => {
    const { t, client, authenticator } = await signedIn()
    const res = await client.post('/api/me/credentials/options', {})
    expect(res.status).toBe(200)
    const options = res.body.options as PublicKeyCredentialCreationOptionsJSON
    expect(options.user.id).toBe(authenticator.credentials[0]!.userHandle)
    expect(options.user.name).toBe('Alice')
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([authenticator.credentials[0]!.id])
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    })
    expect(options.extensions).toMatchObject({ prf: {} })
    expect(options.rp).toEqual({ id: 'localhost', name: 'Test Vault' })
    // Stored like every ceremony's challenge: purpose registration, naming the user, short-lived.
    const row = await t.db
      .selectFrom('challenges')
      .selectAll()
      .where('id', '=', res.body.challengeId)
      .executeTakeFirstOrThrow()
    expect(row.purpose).toBe('registration')
    const me = await client.get('/api/me')
    expect(JSON.parse(row.context!)).toEqual({ kind: 'add-credential', userId: me.body.user.id })
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(120_000)
    // The authenticator that already holds the user's passkey refuses to make another.
    await expect(authenticator.register(options)).rejects.toThrow(/InvalidStateError/)
    // An empty body is accepted; anything else in it is not.
    expect((await client.request('POST', '/api/me/credentials/options')).status).toBe(200)
    expect((await client.post('/api/me/credentials/options', { userId: 'x' })).status).toBe(400)
  })

  test('behavior: add a backup passkey; signing in with it returns the wrapped entropy that opens the same wallet', async () => {
    const { t, client, authenticator: a, me } = await signedIn()
    const { b, res, entropy, wrapKey, wrapped } = await addBackup(t, client, a)
    expect(res.status).toBe(200)
    expect(res.body.user.id).toBe(me.user.id)
    expect(res.body.credentials.map((c: { id: string; kind: string }) => [c.id, c.kind])).toEqual([
      [a.credentials[0]!.id, 'primary'],
      [b.credentials[0]!.id, 'backup'],
    ])
    expect(res.body.credentials[1]).toMatchObject({
      lastUsedAt: null,
      backedUp: false,
      transports: ['internal', 'hybrid'],
    })
    expect(JSON.stringify(res.body)).not.toContain(wrapped.ciphertext)

    expect((await client.post('/api/auth/logout')).status).toBe(204)
    const viaBackup = await login(client, b)
    expect(viaBackup.status).toBe(200)
    expect(viaBackup.body.user.id).toBe(me.user.id)
    expect(viaBackup.body.addresses).toEqual(testAddresses(1))
    expect(viaBackup.body.unlock).toEqual({ wrappedEntropy: wrapped })
    expect(await unwrapEntropy(viaBackup.body.unlock.wrappedEntropy!, wrapKey)).toEqual(entropy)

    // The first passkey carries nothing to unwrap: its PRF output defines the entropy.
    const viaFirst = await login(client, a)
    expect(viaFirst.status).toBe(200)
    expect(viaFirst.body.unlock).toEqual({ wrappedEntropy: null })
  })

  test('behavior: a session opened with a backup passkey can add yet another', async () => {
    const { t, client, authenticator: a } = await signedIn()
    const { b } = await addBackup(t, client, a)
    await client.post('/api/auth/logout')
    expect((await login(client, b)).status).toBe(200)
    // The browser wraps the entropy of the vault it opened with B: the same entropy as A's.
    const c = device(t)
    const pending = await startAddCredential(client, c)
    const res = await client.post('/api/me/credentials/verify', {
      ...pending,
      wrappedEntropy: (await wrapFor(a, c)).wrapped,
    })
    expect(res.status).toBe(200)
    expect(res.body.credentials).toHaveLength(3)
  })

  test('error: without a session every route is 401 UNAUTHENTICATED', async () => {
    const { t, client, authenticator: a } = await signedIn()
    const pending = await startAddCredential(client, device(t))
    const anonymous = t.browser().client
    const { wrapped } = await wrapFor(a, a)
    for (const res of [
      await anonymous.post('/api/me/credentials/options', {}),
      await anonymous.post('/api/me/credentials/verify', { ...pending, wrappedEntropy: wrapped }),
      await anonymous.delete(`/api/me/credentials/${a.credentials[0]!.id}`),
    ]) {
      expect(res.status).toBe(401)
      expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) })
    }
    // After sign-out, too.
    await client.post('/api/auth/logout')
    expect((await client.post('/api/me/credentials/options', {})).status).toBe(401)
  })

  test("error: another user's challenge is 400 CHALLENGE_INVALID, and stays usable by its owner", async () => {
    const { t, client: alice, authenticator: a } = await signedIn(1)
    const mallory = t.browser()
    expect(
      (await register(mallory.client, mallory.authenticator, { addresses: testAddresses(2) })).status,
    ).toBe(200)
    const b = device(t)
    const pending = await startAddCredential(alice, b)
    const { wrapped } = await wrapFor(a, b)
    const stolen = await mallory.client.post('/api/me/credentials/verify', {
      ...pending,
      wrappedEntropy: wrapped,
    })
    expect(stolen.status).toBe(400)
    expect(stolen.body.code).toBe('CHALLENGE_INVALID')
    const malloryMe = await mallory.client.get('/api/me')
    expect(malloryMe.body.credentials).toHaveLength(1)
    const own = await alice.post('/api/me/credentials/verify', { ...pending, wrappedEntropy: wrapped })
    expect(own.status).toBe(200)
    expect(own.body.credentials).toHaveLength(2)
  })

  test('error: a backup challenge cannot create an account, and an account challenge cannot add a backup', async () => {
    const { t, client, authenticator: a } = await signedIn()
    const b = device(t)
    const backup = await startAddCredential(client, b)
    const asAccount = await t.browser().client.post('/api/auth/register/verify', {
      ...backup,
      addresses: testAddresses(3),
    })
    expect(asAccount.status).toBe(400)
    expect(asAccount.body.code).toBe('CHALLENGE_INVALID')

    const c = device(t)
    const account = await startRegistration(t.browser().client, c, {})
    const asBackup = await client.post('/api/me/credentials/verify', {
      ...account,
      wrappedEntropy: (await wrapFor(a, c)).wrapped,
    })
    expect(asBackup.status).toBe(400)
    expect(asBackup.body.code).toBe('CHALLENGE_INVALID')
    expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(1)
    expect(await t.db.selectFrom('credentials').select('id').execute()).toHaveLength(1)
  })

  test('error: a replayed, expired, or wrong-origin response is refused and nothing is stored', async () => {
    const { t, client, authenticator: a } = await signedIn()
    const c = device(t)
    const pending = await startAddCredential(client, c)
    const body = { ...pending, wrappedEntropy: (await wrapFor(a, c)).wrapped }
    expect((await client.post('/api/me/credentials/verify', body)).status).toBe(200)
    const reused = await client.post('/api/me/credentials/verify', body)
    expect(reused.status).toBe(400)
    expect(reused.body.code).toBe('CHALLENGE_INVALID')

    const late = await startAddCredential(client, device(t))
    t.advance(121)
    const expired = await client.post('/api/me/credentials/verify', {
      ...late,
      wrappedEntropy: body.wrappedEntropy,
    })
    expect(expired.status).toBe(400)
    expect(expired.body.code).toBe('CHALLENGE_EXPIRED')

    const elsewhere = await addCredential(client, device(t), {
      wrappedEntropy: body.wrappedEntropy,
      overrides: { origin: 'https://evil.example' },
    })
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.body.code).toBe('ORIGIN_MISMATCH')
    const noUv = await addCredential(client, device(t), {
      wrappedEntropy: body.wrappedEntropy,
      overrides: { userVerified: false },
    })
    expect(noUv.status).toBe(400)
    expect(noUv.body.code).toBe('USER_VERIFICATION_REQUIRED')
    expect((await client.get('/api/me')).body.credentials).toHaveLength(2)
  })

  test('error: PRF output in the body is 400 PRF_OUTPUT_SENT; a malformed wrappedEntropy is 400 naming the field', async () => {
    const { t, client, authenticator: a } = await signedIn()
    const b = device(t)
    const careless = await addCredential(client, b, {
      wrappedEntropy: (await wrapFor(a, a)).wrapped,
      overrides: { leavePrfResults: true },
    })
    expect(careless.status).toBe(400)
    expect(careless.body.code).toBe('PRF_OUTPUT_SENT')

    const { wrapped } = await wrapFor(a, a)
    const cases: [unknown, RegExp][] = [
      [undefined, /^wrappedEntropy: Required$/],
      [{ ...wrapped, iv: 'short' }, /^wrappedEntropy\.iv: expected 12 bytes/],
      [
        { ...wrapped, ciphertext: `${wrapped.ciphertext}==` },
        /^wrappedEntropy\.ciphertext: expected 32 to 48 bytes/,
      ],
      [{ iv: wrapped.iv }, /^wrappedEntropy\.ciphertext: Required$/],
    ]
    for (const [wrappedEntropy, message] of cases) {
      const pending = await startAddCredential(client, device(t))
      const res = await client.post('/api/me/credentials/verify', { ...pending, wrappedEntropy })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('INVALID_BODY')
      expect(res.body.message).toMatch(message)
    }
    expect((await client.get('/api/me')).body.credentials).toHaveLength(1)
  })

  describe('DELETE /api/me/credentials/:id', () => {
    test('behavior: removes a passkey; the removed passkey no longer signs in', async () => {
      const { t, client, authenticator: a } = await signedIn()
      const { b } = await addBackup(t, client, a)
      const res = await client.delete(`/api/me/credentials/${b.credentials[0]!.id}`)
      expect(res.status).toBe(200)
      expect(res.body.credentials.map((c: { id: string }) => c.id)).toEqual([a.credentials[0]!.id])
      const refused = await login(t.browser().client, b)
      expect(refused.status).toBe(401)
      expect(refused.body.code).toBe('CREDENTIAL_UNKNOWN')
    })

    test('error: the last passkey is 409 LAST_CREDENTIAL; an id that is not yours is 404', async () => {
      const { t, client, authenticator: a } = await signedIn()
      const last = await client.delete(`/api/me/credentials/${a.credentials[0]!.id}`)
      expect(last.status).toBe(409)
      expect(last.body.code).toBe('LAST_CREDENTIAL')
      const other = t.browser()
      await register(other.client, other.authenticator, { addresses: testAddresses(5) })
      const foreign = await client.delete(`/api/me/credentials/${other.authenticator.credentials[0]!.id}`)
      expect(foreign.status).toBe(404)
      expect(foreign.body.code).toBe('CREDENTIAL_NOT_FOUND')
      expect(await t.db.selectFrom('credentials').select('id').execute()).toHaveLength(2)
    })

    test('error: removing both of two passkeys at once leaves one', async () => {
      const { t, client, authenticator: a } = await signedIn()
      const { b } = await addBackup(t, client, a)
      const results = await Promise.all(
        [a, b].map((x) => client.delete(`/api/me/credentials/${x.credentials[0]!.id}`)),
      )
      // One removal wins. The other is refused as the last passkey, or, when the winner removed the
      // passkey this session signed in with (revoking the session) before it began, as signed out.
      const [won, lost] = results.map((r) => r.status).sort()
      expect(won).toBe(200)
      expect([401, 409]).toContain(lost)
      expect(await t.db.selectFrom('credentials').select('id').execute()).toHaveLength(1)
    })
  })
})
