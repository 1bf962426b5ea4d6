import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server'
import { describe, expect, test } from 'vitest'
import { hkdfFromPrf, PRF_INPUT, unwrapEntropy, wrapEntropy } from '../../testing/browserKeys.js'
import {
  addCredential,
  login,
  register,
  startAddCredential,
  startRegistration,
  stepUp,
} from '../../testing/ceremonies.js'
import {
  createSoftAuthenticator,
  evaluatePrf,
  type SoftAuthenticator,
} from '../../testing/softAuthenticator.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import type { TestClient } from '../../testing/testClient.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'

describe.each(API_TARGETS)('/api/me/credentials on %s', (kind) => {
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

  /**
   * Adds B as a backup: a passkey.add step-up with A, options, create() on B, wrap A's entropy
   * under B's wrap key, verify.
   */
  async function addBackup(t: TestApp, client: TestClient, a: SoftAuthenticator, b = device(t)) {
    const proof = await stepUp(client, a, { action: 'passkey.add' })
    const pending = await startAddCredential(client, b)
    const { entropy, wrapKey, wrapped } = await wrapFor(a, b)
    const res = await client.post('/api/me/credentials/verify', {
      ...pending,
      wrappedEntropy: wrapped,
      stepUp: proof,
    })
    return { b, res, entropy, wrapKey, wrapped }
  }

  /** Verifies a pending backup passkey with a passkey.add step-up answered by `existing`. */
  async function verifyWithStepUp(
    client: TestClient,
    existing: SoftAuthenticator,
    pending: { challengeId: string; response: unknown },
    wrappedEntropy: unknown,
  ) {
    const proof = await stepUp(client, existing, { action: 'passkey.add' })
    return client.post('/api/me/credentials/verify', { ...pending, wrappedEntropy, stepUp: proof })
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
    const res = await verifyWithStepUp(client, b, pending, (await wrapFor(a, c)).wrapped)
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
    const stolen = await verifyWithStepUp(mallory.client, mallory.authenticator, pending, wrapped)
    expect(stolen.status).toBe(400)
    expect(stolen.body.code).toBe('CHALLENGE_INVALID')
    const malloryMe = await mallory.client.get('/api/me')
    expect(malloryMe.body.credentials).toHaveLength(1)
    const own = await verifyWithStepUp(alice, a, pending, wrapped)
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
    const asBackup = await verifyWithStepUp(client, a, account, (await wrapFor(a, c)).wrapped)
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
    expect((await verifyWithStepUp(client, a, pending, body.wrappedEntropy)).status).toBe(200)
    const reused = await verifyWithStepUp(client, a, pending, body.wrappedEntropy)
    expect(reused.status).toBe(400)
    expect(reused.body.code).toBe('CHALLENGE_INVALID')

    const proof = await stepUp(client, a, { action: 'passkey.add' })
    const late = await startAddCredential(client, device(t))
    t.advance(121)
    const expired = await client.post('/api/me/credentials/verify', {
      ...late,
      wrappedEntropy: body.wrappedEntropy,
      stepUp: proof,
    })
    expect(expired.status).toBe(400)
    expect(expired.body.code).toBe('CHALLENGE_EXPIRED')

    const elsewhere = await addCredential(client, device(t), {
      wrappedEntropy: body.wrappedEntropy,
      existing: a,
      overrides: { origin: 'https://evil.example' },
    })
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.body.code).toBe('ORIGIN_MISMATCH')
    const noUv = await addCredential(client, device(t), {
      wrappedEntropy: body.wrappedEntropy,
      existing: a,
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
      existing: a,
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
      const res = await verifyWithStepUp(client, a, pending, wrappedEntropy)
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('INVALID_BODY')
      expect(res.body.message).toMatch(message)
    }
    expect((await client.get('/api/me')).body.credentials).toHaveLength(1)
  })

  /** DELETE with a passkey.remove step-up for `id`, answered by `by`. */
  async function remove(client: TestClient, by: SoftAuthenticator, id: string) {
    const proof = await stepUp(client, by, { action: 'passkey.remove', target: id })
    return client.request('DELETE', `/api/me/credentials/${id}`, { stepUp: proof })
  }

  /** PATCH with a passkey.rename step-up for `id`, answered by `by`. */
  async function rename(client: TestClient, by: SoftAuthenticator, id: string, name: string | null) {
    const proof = await stepUp(client, by, { action: 'passkey.rename', target: id })
    return client.request('PATCH', `/api/me/credentials/${id}`, { name, stepUp: proof })
  }

  describe('DELETE /api/me/credentials/:id', () => {
    test('behavior: removes a passkey; the removed passkey no longer signs in', async () => {
      const { t, client, authenticator: a } = await signedIn()
      const { b } = await addBackup(t, client, a)
      const res = await remove(client, a, b.credentials[0]!.id)
      expect(res.status).toBe(200)
      expect(res.body.credentials.map((c: { id: string }) => c.id)).toEqual([a.credentials[0]!.id])
      const refused = await login(t.browser().client, b)
      expect(refused.status).toBe(401)
      expect(refused.body.code).toBe('CREDENTIAL_UNKNOWN')
    })

    test('behavior: the passkey that answers the step-up may be the one removed', async () => {
      const { t, client, authenticator: a } = await signedIn()
      await addBackup(t, client, a)
      const res = await remove(client, a, a.credentials[0]!.id)
      expect(res.status).toBe(200)
      expect(res.body.credentials).toHaveLength(1)
    })

    test('error: the last passkey is 409 LAST_CREDENTIAL; an id that is not yours is 404', async () => {
      const { t, client, authenticator: a } = await signedIn()
      const last = await remove(client, a, a.credentials[0]!.id)
      expect(last.status).toBe(409)
      expect(last.body.code).toBe('LAST_CREDENTIAL')
      const other = t.browser()
      await register(other.client, other.authenticator, { addresses: testAddresses(5) })
      const foreign = await remove(client, a, other.authenticator.credentials[0]!.id)
      expect(foreign.status).toBe(404)
      expect(foreign.body.code).toBe('CREDENTIAL_NOT_FOUND')
      expect(await t.db.selectFrom('credentials').select('id').execute()).toHaveLength(2)
    })

    test('error: removing both of two passkeys at once leaves one', async () => {
      const { t, client, authenticator: a } = await signedIn()
      const { b } = await addBackup(t, client, a)
      const proofs = [
        await stepUp(client, a, { action: 'passkey.remove', target: a.credentials[0]!.id }),
        await stepUp(client, b, { action: 'passkey.remove', target: b.credentials[0]!.id }),
      ]
      const results = await Promise.all(
        [a, b].map((x, i) =>
          client.request('DELETE', `/api/me/credentials/${x.credentials[0]!.id}`, { stepUp: proofs[i] }),
        ),
      )
      // One removal wins. The other is refused as the last passkey, or, when the winner removed the
      // passkey this session signed in with (revoking the session) before it began, as signed out.
      const [won, lost] = results.map((r) => r.status).sort()
      expect(won).toBe(200)
      expect([401, 409]).toContain(lost)
      expect(await t.db.selectFrom('credentials').select('id').execute()).toHaveLength(1)
    })
  })

  describe('PATCH /api/me/credentials/:id', () => {
    test('behavior: names a passkey, trimmed; null clears it', async () => {
      const { t, client, authenticator: a } = await signedIn()
      const { b } = await addBackup(t, client, a)
      const id = b.credentials[0]!.id
      const named = await rename(client, a, id, '  Blue key  ')
      expect(named.status).toBe(200)
      expect(named.body.credentials.map((c: { name: string | null }) => c.name)).toEqual([null, 'Blue key'])
      const cleared = await rename(client, b, id, null)
      expect(cleared.status).toBe(200)
      expect(cleared.body.credentials[1].name).toBeNull()
    })

    test('error: a name that is empty, too long, or carries control or bidi characters is 400 naming it', async () => {
      const { client, authenticator: a } = await signedIn()
      const id = a.credentials[0]!.id
      for (const [name, message] of [
        ['   ', /^name: at least one character/],
        ['x'.repeat(65), /^name: at most 64 characters/],
        ['key\u202Egnp.exe', /^name: control and bidirectional formatting characters/],
        ['line\nbreak', /^name: control and bidirectional formatting characters/],
      ] as const) {
        const proof = await stepUp(client, a, { action: 'passkey.rename', target: id })
        const res = await client.request('PATCH', `/api/me/credentials/${id}`, { name, stepUp: proof })
        expect(res.status).toBe(400)
        expect(res.body.code).toBe('INVALID_BODY')
        expect(res.body.message).toMatch(message)
      }
      expect((await client.get('/api/me')).body.credentials[0].name).toBeNull()
    })

    test("error: another user's passkey is 404", async () => {
      const { t, client, authenticator: a } = await signedIn()
      const other = t.browser()
      await register(other.client, other.authenticator, { addresses: testAddresses(5) })
      const res = await rename(client, a, other.authenticator.credentials[0]!.id, 'Mine now')
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('CREDENTIAL_NOT_FOUND')
    })
  })

  describe('passkey metadata', () => {
    test('behavior: the list names the authenticator from its AAGUID, and says whether it may sync', async () => {
      const { t, client, authenticator: a } = await signedIn()
      const yubikey = createSoftAuthenticator({
        origin: t.config.origin,
        aaguid: 'CB69481E-8FF7-4039-93EC-0A2729A154A8',
      })
      await addBackup(t, client, a, yubikey)
      const stored = await t.db.selectFrom('credentials').select(['aaguid']).orderBy('created_at').execute()
      expect(stored.map((c) => c.aaguid)).toEqual([
        '00000000-0000-0000-0000-000000000000',
        'cb69481e-8ff7-4039-93ec-0a2729a154a8',
      ])
      const me = await client.get('/api/me')
      expect(me.body.credentials).toEqual([
        expect.objectContaining({
          kind: 'primary',
          name: null,
          authenticatorName: null,
          backupEligible: false,
        }),
        expect.objectContaining({
          kind: 'backup',
          name: null,
          authenticatorName: 'YubiKey 5 Series',
          backupEligible: false,
          backedUp: false,
          createdAt: expect.any(String),
          lastUsedAt: null,
        }),
      ])
    })
  })

  describe('step-up', () => {
    test('error: a stolen session alone cannot add, rename or remove a passkey (403 STEP_UP_REQUIRED)', async () => {
      const { t, client: owner, authenticator: a } = await signedIn()
      // The thief replays the owner's cookie from their own browser, with their own authenticator.
      const thief = t.browser()
      thief.client.cookies.set('sv_session', owner.cookies.get('sv_session')!)
      expect((await thief.client.get('/api/me')).status).toBe(200)
      const mine = device(t)
      const pending = await startAddCredential(thief.client, mine)
      const added = await thief.client.post('/api/me/credentials/verify', {
        ...pending,
        wrappedEntropy: (await wrapFor(a, mine)).wrapped,
      })
      const id = a.credentials[0]!.id
      const renamed = await thief.client.request('PATCH', `/api/me/credentials/${id}`, { name: 'x' })
      const removed = await thief.client.delete(`/api/me/credentials/${id}`)
      for (const res of [added, renamed, removed]) {
        expect(res.status).toBe(403)
        expect(res.body.code).toBe('STEP_UP_REQUIRED')
        expect(res.body.message).toMatch(/needs a step-up: confirm with one of your passkeys/)
      }
      const me = await owner.get('/api/me')
      expect(me.body.credentials).toEqual([expect.objectContaining({ id, name: null })])
    })

    test("error: the thief's own passkey cannot answer the owner's step-up (403 STEP_UP_INVALID)", async () => {
      const { t, client: owner, authenticator: a } = await signedIn(1)
      const mallory = t.browser()
      await register(mallory.client, mallory.authenticator, { addresses: testAddresses(2) })
      const options = await owner.post('/api/step-up/options', { action: 'passkey.add' })
      const request = options.body.options as PublicKeyCredentialRequestOptionsJSON
      expect(request.allowCredentials?.map((c) => c.id)).toEqual([a.credentials[0]!.id])
      expect(request.userVerification).toBe('required')
      // Mallory's authenticator ignores allowCredentials and signs with her own passkey.
      const response = await mallory.authenticator.authenticate({ ...request, allowCredentials: [] })
      const b = device(t)
      const pending = await startAddCredential(owner, b)
      const res = await owner.post('/api/me/credentials/verify', {
        ...pending,
        wrappedEntropy: (await wrapFor(a, b)).wrapped,
        stepUp: { challengeId: options.body.challengeId, response },
      })
      expect(res.status).toBe(403)
      expect(res.body.code).toBe('STEP_UP_INVALID')
      expect(res.body.message).toMatch(/not one of yours/)
      expect((await owner.get('/api/me')).body.credentials).toHaveLength(1)
    })

    test('error: a step-up made for another action, another target or another user is 403 STEP_UP_INVALID', async () => {
      const { t, client, authenticator: a } = await signedIn(1)
      const { b } = await addBackup(t, client, a)
      const idA = a.credentials[0]!.id
      const idB = b.credentials[0]!.id
      const forRename = await stepUp(client, a, { action: 'passkey.rename', target: idB })
      const wrongAction = await client.request('DELETE', `/api/me/credentials/${idB}`, { stepUp: forRename })
      expect(wrongAction.status).toBe(403)
      expect(wrongAction.body).toEqual({
        code: 'STEP_UP_INVALID',
        message: expect.stringContaining(
          `made for passkey.rename of ${idB}, not for passkey.remove of ${idB}`,
        ),
      })
      const forA = await stepUp(client, a, { action: 'passkey.remove', target: idA })
      const wrongTarget = await client.request('DELETE', `/api/me/credentials/${idB}`, { stepUp: forA })
      expect(wrongTarget.status).toBe(403)
      expect(wrongTarget.body.code).toBe('STEP_UP_INVALID')

      const mallory = t.browser()
      await register(mallory.client, mallory.authenticator, { addresses: testAddresses(2) })
      const hers = await stepUp(mallory.client, mallory.authenticator, {
        action: 'passkey.remove',
        target: idB,
      })
      const borrowed = await client.request('DELETE', `/api/me/credentials/${idB}`, { stepUp: hers })
      expect(borrowed.status).toBe(403)
      expect(borrowed.body.message).toMatch(/issued to another user/)
      expect((await client.get('/api/me')).body.credentials).toHaveLength(2)
    })

    test('error: a step-up is single use, expires with its challenge, and needs user verification', async () => {
      const { t, client, authenticator: a } = await signedIn()
      const { b } = await addBackup(t, client, a)
      const id = b.credentials[0]!.id
      const proof = await stepUp(client, a, { action: 'passkey.rename', target: id })
      const body = { name: 'First', stepUp: proof }
      expect((await client.request('PATCH', `/api/me/credentials/${id}`, body)).status).toBe(200)
      const replayed = await client.request('PATCH', `/api/me/credentials/${id}`, { ...body, name: 'Second' })
      expect(replayed.status).toBe(403)
      expect(replayed.body.message).toMatch(/unknown or was already used/)

      // A refused change spends its step-up too.
      const spent = await stepUp(client, a, { action: 'passkey.rename', target: id })
      const retried = { name: 'Retried', stepUp: spent }
      const missing = await client.request('PATCH', `/api/me/credentials/${id}x`, retried)
      expect(missing.status).toBe(403)
      const refused = await client.request('PATCH', `/api/me/credentials/${id}`, retried)
      expect(refused.status).toBe(403)
      expect(refused.body.message).toMatch(/unknown or was already used/)

      const late = await stepUp(client, a, { action: 'passkey.rename', target: id })
      t.advance(121)
      const expired = await client.request('PATCH', `/api/me/credentials/${id}`, {
        name: 'Late',
        stepUp: late,
      })
      expect(expired.status).toBe(403)
      expect(expired.body.message).toMatch(/it expired/)

      const noUv = await stepUp(client, a, { action: 'passkey.rename', target: id }, { userVerified: false })
      const unverified = await client.request('PATCH', `/api/me/credentials/${id}`, {
        name: 'No UV',
        stepUp: noUv,
      })
      expect(unverified.status).toBe(403)
      expect(unverified.body).toEqual({
        code: 'STEP_UP_INVALID',
        message: expect.stringMatching(/did not verify the user/),
      })
      expect((await client.get('/api/me')).body.credentials[1].name).toBe('First')
    })

    test('error: a replayed assertion (old counter) is refused', async () => {
      const { t, client, authenticator: a } = await signedIn()
      const { b } = await addBackup(t, client, a)
      const id = b.credentials[0]!.id
      const proof = await stepUp(client, a, { action: 'passkey.rename', target: id }, { counter: 1 })
      const res = await client.request('PATCH', `/api/me/credentials/${id}`, { name: 'Old', stepUp: proof })
      expect(res.status).toBe(403)
      expect(res.body.code).toBe('STEP_UP_INVALID')
      expect(res.body.message).toMatch(/counter did not increase/)
    })

    test('error: step-up options need a session and a known action', async () => {
      const { t, client } = await signedIn()
      const anonymous = await t.browser().client.post('/api/step-up/options', { action: 'passkey.add' })
      expect(anonymous.status).toBe(401)
      const unknown = await client.post('/api/step-up/options', { action: 'wallet.drain' })
      expect(unknown.status).toBe(400)
      expect(unknown.body.code).toBe('INVALID_BODY')
      expect(unknown.body.message).toMatch(/^action:/)
      const row = await t.db.selectFrom('challenges').selectAll().where('purpose', '=', 'step-up').execute()
      expect(row).toHaveLength(0)
    })
  })
})
