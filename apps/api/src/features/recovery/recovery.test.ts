import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { deriveWrapKey, type GuardianShare, RecoveryKey, Vault } from '@stratos/keys'
import type { ChainAddresses } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { ensureAdminEnrollment } from '../../enrollment/ensureAdminEnrollment.js'
import { PRF_INPUT } from '../../testing/browserKeys.js'
import { login, register } from '../../testing/ceremonies.js'
import { evaluatePrf } from '../../testing/softAuthenticator.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import type { TestClient } from '../../testing/testClient.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

function chainAddresses(vault: Vault): ChainAddresses {
  const { evm, solana, bitcoin, tron, ton, canton } = vault.addresses()
  return { evm, solana, bitcoin, tron, ton, canton }
}

interface Person {
  id: string
  name: string
  client: TestClient
  vault: Vault
}

describe.each(DB_KINDS)('recovery through guardians on %s', (kind) => {
  const databases = useTestDatabases(kind)

  /** A user whose wallet is `Vault.fromEntropy(seed…)`; with `guardianKey` they publish it. */
  async function person(
    t: TestApp,
    name: string,
    seed: number,
    options: { guardianKey?: boolean; enrollToken?: string } = {},
  ) {
    const vault = Vault.fromEntropy(new Uint8Array(32).fill(seed))
    const { client, authenticator } = t.browser()
    const res = await register(client, authenticator, {
      displayName: name,
      addresses: chainAddresses(vault),
      ...(options.enrollToken ? { enrollToken: options.enrollToken } : {}),
    })
    expect(res.status).toBe(200)
    if (options.guardianKey !== false) {
      const published = await client.put('/api/me/recovery/guardian-key', {
        publicKey: vault.guardianPublicKey(),
      })
      expect(published.status).toBe(204)
    }
    return { id: res.body.user.id as string, name, client, vault } satisfies Person
  }

  /** Alice names Bob, Carol and Dave as guardians, 2 of 3. */
  async function setUp(t: TestApp) {
    const alice = await person(t, 'Alice', 1)
    const guardians = [await person(t, 'Bob', 2), await person(t, 'Carol', 3), await person(t, 'Dave', 4)]
    const recipients = []
    for (const g of guardians) {
      const found = await alice.client.get(`/api/recovery/guardians?displayName=${g.name}`)
      expect(found.status).toBe(200)
      expect(found.body.guardians).toHaveLength(1)
      recipients.push(found.body.guardians[0] as { userId: string; publicKey: string })
    }
    const shares = await alice.vault.splitForGuardians({
      userId: alice.id,
      threshold: 2,
      guardians: recipients,
    })
    const res = await alice.client.put('/api/me/recovery', { threshold: 2, guardians: toBody(shares) })
    expect(res.status).toBe(200)
    return { alice, guardians, shares, setup: res }
  }

  const toBody = (shares: GuardianShare[]) =>
    shares.map((s) => ({ userId: s.guardianId, shareIndex: s.shareIndex, sealedShare: s.sealedShare }))

  /** A new device starts recovering `account`. */
  async function startRecovery(t: TestApp, account: string) {
    const device = t.browser()
    const key = RecoveryKey.generate()
    const res = await device.client.post('/api/recovery/requests', {
      account,
      ephemeralPublicKey: key.publicKey,
    })
    return { ...device, key, res, id: res.body.id as string, token: res.body.token as string }
  }

  /** Guardian `g` approves request `id` from their browser: re-seals their share to the device. */
  async function approve(g: Person, id: string) {
    const list = await g.client.get('/api/me/guardian-requests')
    const request = list.body.requests.find((r: { id: string }) => r.id === id)
    const sealedShare = await g.vault.resealGuardianShare({
      userId: request.user.id,
      guardianId: g.id,
      shareIndex: request.shareIndex,
      sealedShare: request.sealedShare,
      recoveryId: id,
      recipientPublicKey: request.ephemeralPublicKey,
    })
    return g.client.post(`/api/me/guardian-requests/${id}/approve`, { sealedShare })
  }

  test('behavior: 2 of 3 guardians recover the wallet on a new passkey; the server only ever holds ciphertext', async () => {
    const t = createTestApp(await databases.fresh())
    const { alice, guardians, shares, setup } = await setUp(t)
    const [bob, carol] = guardians as [Person, Person, Person]
    expect(setup.body.setup).toMatchObject({
      threshold: 2,
      guardians: [
        { displayName: 'Bob', shareIndex: 1 },
        { displayName: 'Carol', shareIndex: 2 },
        { displayName: 'Dave', shareIndex: 3 },
      ],
    })
    // The owner's own view carries no share.
    expect(setup.text).not.toContain(shares[0]!.sealedShare.ciphertext)
    const stored = await t.db.selectFrom('recovery_shares').select('sealed_share').execute()
    expect(stored.map((s) => JSON.parse(s.sealed_share))).toEqual(
      expect.arrayContaining(shares.map((s) => s.sealedShare)),
    )

    const device = await startRecovery(t, 'Alice')
    expect(device.res.status).toBe(200)
    expect(device.res.body).toMatchObject({
      user: { id: alice.id, displayName: 'Alice' },
      threshold: 2,
      guardians: 3,
    })
    // The token is kept as its hash only.
    const row = await t.db.selectFrom('recovery_requests').selectAll().executeTakeFirstOrThrow()
    expect(row.token_hash).not.toBe(device.token)

    // Alice's other sessions see it pending, with the code the new device shows.
    const seen = await alice.client.get('/api/me/recovery')
    expect(seen.body.requests).toEqual([
      expect.objectContaining({
        id: device.id,
        status: 'pending',
        approvals: 0,
        threshold: 2,
        code: device.key.code,
      }),
    ])

    // One approval: nothing is released, and the passkey cannot be created.
    expect((await approve(bob, device.id)).status).toBe(200)
    const one = await device.client.post(`/api/recovery/requests/${device.id}/status`, {
      token: device.token,
    })
    expect(one.body).toMatchObject({ status: 'pending', approvals: 1, shares: [], addresses: null })
    const early = await device.client.post(`/api/recovery/requests/${device.id}/passkey/options`, {
      token: device.token,
    })
    expect(early.status).toBe(409)
    expect(early.body.code).toBe('RECOVERY_NOT_APPROVED')
    const twice = await approve(bob, device.id)
    expect(twice.status).toBe(409)
    expect(twice.body.code).toBe('ALREADY_APPROVED')

    // The second approval releases the re-sealed shares and the addresses to check against.
    expect((await approve(carol, device.id)).status).toBe(200)
    const ready = await device.client.post(`/api/recovery/requests/${device.id}/status`, {
      token: device.token,
    })
    expect(ready.body).toMatchObject({
      status: 'pending',
      approvals: 2,
      addresses: chainAddresses(alice.vault),
    })
    expect(ready.body.shares).toHaveLength(2)
    const recovered = await device.key.openVault({
      recoveryId: device.id,
      userId: alice.id,
      shares: ready.body.shares,
    })
    expect(chainAddresses(recovered)).toEqual(chainAddresses(alice.vault))

    // The new passkey: same WebAuthn user, Alice's passkey excluded; entropy wrapped under its PRF.
    const options = await device.client.post(`/api/recovery/requests/${device.id}/passkey/options`, {
      token: device.token,
    })
    expect(options.status).toBe(200)
    const creation = options.body.options as PublicKeyCredentialCreationOptionsJSON
    expect(creation.user.name).toBe('Alice')
    expect(creation.excludeCredentials).toHaveLength(1)
    const response = await device.authenticator.register(creation)
    const wrapKey = deriveWrapKey(await evaluatePrf(device.authenticator.credentials[0]!, PRF_INPUT))
    const wrappedEntropy = await recovered.wrapEntropy(wrapKey)
    const finished = await device.client.post(`/api/recovery/requests/${device.id}/passkey/verify`, {
      token: device.token,
      challengeId: options.body.challengeId,
      response,
      wrappedEntropy,
      addresses: chainAddresses(recovered),
    })
    expect(finished.status).toBe(200)
    expect(finished.body.user.id).toBe(alice.id)
    expect(finished.body.credentials.map((c: { kind: string }) => c.kind)).toEqual(['primary', 'backup'])
    expect((await device.client.get('/api/me')).body.user.id).toBe(alice.id)

    // Later, on that device: sign in with the new passkey and unwrap the same wallet.
    const later = t.browser().client
    const signedIn = await login(later, device.authenticator)
    expect(signedIn.status).toBe(200)
    const reopened = await Vault.fromWrappedEntropy(signedIn.body.unlock.wrappedEntropy!, wrapKey)
    expect(chainAddresses(reopened)).toEqual(chainAddresses(alice.vault))

    // Closed: the re-sealed shares are gone, the device's token no longer gets them.
    expect(await t.db.selectFrom('recovery_approvals').selectAll().execute()).toEqual([])
    const after = await device.client.post(`/api/recovery/requests/${device.id}/status`, {
      token: device.token,
    })
    expect(after.body).toMatchObject({ status: 'completed', shares: [], addresses: null })
    expect((await alice.client.get('/api/me/recovery')).body.requests[0]).toMatchObject({
      status: 'completed',
    })
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .orderBy('at')
      .execute()
    expect(
      audit.filter((a) => a.action.startsWith('recovery.') && !a.action.includes('guardian_key')),
    ).toEqual([
      { action: 'recovery.setup.update', actor_user_id: alice.id },
      { action: 'recovery.start', actor_user_id: null },
      { action: 'recovery.approve', actor_user_id: bob.id },
      { action: 'recovery.approve', actor_user_id: carol.id },
      { action: 'recovery.complete', actor_user_id: alice.id },
    ])
  })

  test('behavior: with one guardian’s approval the recovery never completes; too few shares do not rebuild the wallet', async () => {
    const t = createTestApp(await databases.fresh())
    const { alice, guardians } = await setUp(t)
    const device = await startRecovery(t, alice.id)
    expect(device.res.status).toBe(200)
    expect((await approve(guardians[2]!, device.id)).status).toBe(200)
    const status = await device.client.post(`/api/recovery/requests/${device.id}/status`, {
      token: device.token,
    })
    expect(status.body).toMatchObject({ approvals: 1, shares: [], addresses: null })
    const options = await device.client.post(`/api/recovery/requests/${device.id}/passkey/options`, {
      token: device.token,
    })
    expect(options.status).toBe(409)
    expect(options.body.code).toBe('RECOVERY_NOT_APPROVED')
    // Even holding the one re-sealed share (read from the database) the device cannot combine it.
    const [only] = await t.db.selectFrom('recovery_approvals').selectAll().execute()
    await expect(
      device.key.openVault({
        recoveryId: device.id,
        userId: alice.id,
        shares: [
          {
            guardianId: only!.guardian_user_id,
            shareIndex: Number(only!.share_index),
            sealedShare: JSON.parse(only!.sealed_share),
          },
        ],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_SHARES' })
    expect((await alice.client.get('/api/me')).body.credentials).toHaveLength(1)
  })

  test('behavior: the owner cancels ("this wasn’t me"): guardians no longer see it and the device gets nothing', async () => {
    const t = createTestApp(await databases.fresh())
    const { alice, guardians } = await setUp(t)
    const [bob, carol, dave] = guardians as [Person, Person, Person]
    const device = await startRecovery(t, 'Alice')
    expect((await approve(bob, device.id)).status).toBe(200)
    // Not Bob's to cancel.
    const foreign = await bob.client.post(`/api/me/recovery/requests/${device.id}/cancel`)
    expect(foreign.status).toBe(404)
    const cancelled = await alice.client.post(`/api/me/recovery/requests/${device.id}/cancel`)
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.requests[0]).toMatchObject({ id: device.id, status: 'cancelled', approvals: 0 })
    expect((await carol.client.get('/api/me/guardian-requests')).body.requests).toEqual([])
    const late = await carol.client.post(`/api/me/guardian-requests/${device.id}/approve`, {
      sealedShare: (
        await alice.vault.splitForGuardians({
          userId: alice.id,
          threshold: 2,
          guardians: [bob, dave].map((g) => ({ userId: g.id, publicKey: g.vault.guardianPublicKey() })),
        })
      )[0]!.sealedShare,
    })
    expect(late.status).toBe(409)
    expect(late.body.code).toBe('RECOVERY_CLOSED')
    const status = await device.client.post(`/api/recovery/requests/${device.id}/status`, {
      token: device.token,
    })
    expect(status.body).toMatchObject({ status: 'cancelled', approvals: 0, shares: [] })
    const again = await alice.client.post(`/api/me/recovery/requests/${device.id}/cancel`)
    expect(again.status).toBe(409)
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'recovery.cancel')
      .execute()
    expect(audit).toHaveLength(1)
  })

  test('behavior: admins see pending recoveries with their approval count and never a share', async () => {
    const t = createTestApp(await databases.fresh())
    const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
    const admin = await person(t, 'Ada', 9, { enrollToken: token })
    const { alice, guardians } = await setUp(t)
    const device = await startRecovery(t, 'Alice')
    const approved = await approve(guardians[0]!, device.id)
    const list = await admin.client.get('/api/admin/recoveries')
    expect(list.status).toBe(200)
    expect(list.body.recoveries).toEqual([
      {
        id: device.id,
        user: { id: alice.id, displayName: 'Alice' },
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        threshold: 2,
        approvals: 1,
      },
    ])
    const sealed = (
      await t.db.selectFrom('recovery_approvals').select('sealed_share').executeTakeFirstOrThrow()
    ).sealed_share
    expect(list.text).not.toContain(JSON.parse(sealed).ciphertext)
    expect(list.text).not.toContain(device.token)
    expect(approved.text).toContain('sealedShare')
    expect((await alice.client.get('/api/admin/recoveries')).status).toBe(403)
    // The admin is nobody's guardian here: no request, no share.
    expect((await admin.client.get('/api/me/guardian-requests')).body.requests).toEqual([])
  })

  test('error: a setup is refused unless M <= N guardians are distinct other users with a guardian key', async () => {
    const t = createTestApp(await databases.fresh())
    const alice = await person(t, 'Alice', 1)
    const bob = await person(t, 'Bob', 2)
    const carol = await person(t, 'Carol', 3)
    const keyless = await person(t, 'Kim', 5, { guardianKey: false })
    const recipients = [bob, carol].map((g) => ({ userId: g.id, publicKey: g.vault.guardianPublicKey() }))
    const shares = toBody(
      await alice.vault.splitForGuardians({ userId: alice.id, threshold: 2, guardians: recipients }),
    )
    const cases: [unknown, number, string][] = [
      [{ threshold: 3, guardians: shares }, 400, 'THRESHOLD_TOO_HIGH'],
      [{ threshold: 1, guardians: shares }, 400, 'INVALID_BODY'],
      [{ threshold: 2, guardians: [shares[0]] }, 400, 'INVALID_BODY'],
      [
        { threshold: 2, guardians: [shares[0], { ...shares[1]!, userId: bob.id }] },
        400,
        'GUARDIAN_DUPLICATE',
      ],
      [{ threshold: 2, guardians: [shares[0], { ...shares[1]!, userId: alice.id }] }, 400, 'GUARDIAN_SELF'],
      [
        { threshold: 2, guardians: [shares[0], { ...shares[1]!, userId: keyless.id }] },
        400,
        'GUARDIAN_UNAVAILABLE',
      ],
      [
        { threshold: 2, guardians: [shares[0], { ...shares[1]!, userId: 'nobody' }] },
        400,
        'GUARDIAN_UNAVAILABLE',
      ],
      [
        { threshold: 2, guardians: [shares[0], { ...shares[1]!, shareIndex: 1 }] },
        400,
        'SHARE_INDEX_INVALID',
      ],
      [
        { threshold: 2, guardians: [shares[0], { ...shares[1]!, sealedShare: { iv: 'x' } }] },
        400,
        'INVALID_BODY',
      ],
      [{ threshold: 2, guardians: [shares[0], { ...shares[1]!, share: 'plain' }] }, 400, 'INVALID_BODY'],
    ]
    for (const [body, status, code] of cases) {
      const res = await alice.client.put('/api/me/recovery', body)
      expect([res.status, res.body.code], JSON.stringify(body).slice(0, 200)).toEqual([status, code])
    }
    expect(await t.db.selectFrom('recovery_shares').selectAll().execute()).toEqual([])
    expect((await alice.client.put('/api/me/recovery', { threshold: 2, guardians: shares })).status).toBe(200)
    // Without a session, nothing.
    expect(
      (await t.browser().client.put('/api/me/recovery', { threshold: 2, guardians: shares })).status,
    ).toBe(401)
    expect((await t.browser().client.get('/api/recovery/guardians?displayName=Bob')).status).toBe(401)
  })

  test('behavior: guardian lookup is by exact display name, only users with a guardian key, never yourself', async () => {
    const t = createTestApp(await databases.fresh())
    const alice = await person(t, 'Alice', 1)
    await person(t, 'Bob', 2)
    await person(t, 'Bobby', 3)
    await person(t, 'Kim', 5, { guardianKey: false })
    const bob = await alice.client.get('/api/recovery/guardians?displayName=Bob')
    expect(bob.body.guardians.map((g: { displayName: string }) => g.displayName)).toEqual(['Bob'])
    expect((await alice.client.get('/api/recovery/guardians?displayName=Kim')).body.guardians).toEqual([])
    expect((await alice.client.get('/api/recovery/guardians?displayName=Alice')).body.guardians).toEqual([])
    expect((await alice.client.get('/api/recovery/guardians')).status).toBe(400)
  })

  test('error: the device’s token is its proof; unknown accounts, ambiguous names, expiry and a new setup', async () => {
    const t = createTestApp(await databases.fresh())
    const { alice, guardians } = await setUp(t)
    const device = await startRecovery(t, 'Alice')
    const stolen = await t.browser().client.post(`/api/recovery/requests/${device.id}/status`, {
      token: device.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    })
    expect(stolen.status).toBe(404)
    expect(stolen.body.code).toBe('RECOVERY_NOT_FOUND')
    expect((await startRecovery(t, 'Nobody')).res.body.code).toBe('RECOVERY_NOT_SET_UP')
    // Bob has no guardians of his own.
    expect((await startRecovery(t, 'Bob')).res.status).toBe(404)

    // Another "Alice" with guardians: the name is ambiguous, the id is not.
    const other = await person(t, 'Alice', 6)
    const recipients = guardians
      .slice(0, 2)
      .map((g) => ({ userId: g.id, publicKey: g.vault.guardianPublicKey() }))
    const shares = await other.vault.splitForGuardians({
      userId: other.id,
      threshold: 2,
      guardians: recipients,
    })
    expect(
      (await other.client.put('/api/me/recovery', { threshold: 2, guardians: toBody(shares) })).status,
    ).toBe(200)
    const ambiguous = await startRecovery(t, 'Alice')
    expect([ambiguous.res.status, ambiguous.res.body.code]).toEqual([409, 'ACCOUNT_AMBIGUOUS'])
    expect((await startRecovery(t, alice.id)).res.status).toBe(200)

    // A new setup cancels Alice's pending recoveries (their shares would not combine with the new ones).
    const resplit = await alice.vault.splitForGuardians({
      userId: alice.id,
      threshold: 2,
      guardians: guardians.map((g) => ({ userId: g.id, publicKey: g.vault.guardianPublicKey() })),
    })
    expect(
      (await alice.client.put('/api/me/recovery', { threshold: 2, guardians: toBody(resplit) })).status,
    ).toBe(200)
    const afterSetup = await device.client.post(`/api/recovery/requests/${device.id}/status`, {
      token: device.token,
    })
    expect(afterSetup.body.status).toBe('cancelled')

    // After 72 hours a request is expired: the device can no longer finish it.
    const fresh = await startRecovery(t, alice.id)
    t.advance(72 * 3600)
    const status = await fresh.client.post(`/api/recovery/requests/${fresh.id}/status`, {
      token: fresh.token,
    })
    expect(status.body.status).toBe('expired')
    const options = await fresh.client.post(`/api/recovery/requests/${fresh.id}/passkey/options`, {
      token: fresh.token,
    })
    expect([options.status, options.body.code]).toEqual([409, 'RECOVERY_CLOSED'])
  })

  test('error: finishing with addresses other than the account’s is 409 ADDRESS_MISMATCH and stores nothing', async () => {
    const t = createTestApp(await databases.fresh())
    const { alice, guardians } = await setUp(t)
    const device = await startRecovery(t, 'Alice')
    for (const g of guardians.slice(0, 2)) expect((await approve(g, device.id)).status).toBe(200)
    const options = await device.client.post(`/api/recovery/requests/${device.id}/passkey/options`, {
      token: device.token,
    })
    const response = await device.authenticator.register(options.body.options)
    const wrong = Vault.fromEntropy(new Uint8Array(32).fill(42))
    const wrapKey = deriveWrapKey(await evaluatePrf(device.authenticator.credentials[0]!, PRF_INPUT))
    const res = await device.client.post(`/api/recovery/requests/${device.id}/passkey/verify`, {
      token: device.token,
      challengeId: options.body.challengeId,
      response,
      wrappedEntropy: await wrong.wrapEntropy(wrapKey),
      addresses: chainAddresses(wrong),
    })
    expect([res.status, res.body.code]).toEqual([409, 'ADDRESS_MISMATCH'])
    expect((await alice.client.get('/api/me')).body.credentials).toHaveLength(1)
    // A PRF output left in the response is refused before anything is read.
    const careless = await device.client.post(`/api/recovery/requests/${device.id}/passkey/verify`, {
      token: device.token,
      challengeId: options.body.challengeId,
      response: { ...response, clientExtensionResults: { prf: { results: { first: 'AAAA' } } } },
      wrappedEntropy: await wrong.wrapEntropy(wrapKey),
      addresses: chainAddresses(alice.vault),
    })
    expect(careless.body.code).toBe('PRF_OUTPUT_SENT')
    // A recovery's challenge creates no account, and an account's challenge finishes no recovery.
    const fresh = await device.client.post(`/api/recovery/requests/${device.id}/passkey/options`, {
      token: device.token,
    })
    const asAccount = await t.browser().client.post('/api/auth/register/verify', {
      challengeId: fresh.body.challengeId,
      response: await device.authenticator.register(fresh.body.options),
      addresses: chainAddresses(alice.vault),
    })
    expect([asAccount.status, asAccount.body.code]).toEqual([400, 'CHALLENGE_INVALID'])
    const account = await t.browser().client.post('/api/auth/register/options', { displayName: 'Eve' })
    const asRecovery = await device.client.post(`/api/recovery/requests/${device.id}/passkey/verify`, {
      token: device.token,
      challengeId: account.body.challengeId,
      response: await device.authenticator.register(account.body.options),
      wrappedEntropy: await alice.vault.wrapEntropy(wrapKey),
      addresses: chainAddresses(alice.vault),
    })
    expect([asRecovery.status, asRecovery.body.code]).toEqual([400, 'CHALLENGE_INVALID'])
    expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(4)
  })
})
