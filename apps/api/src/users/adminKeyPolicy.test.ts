import { encodeStepUpHeader, STEP_UP_HEADER } from '@stratos/schemas'
import { beforeAll, describe, expect, test } from 'vitest'
import { ensureAdminEnrollment } from '../enrollment/ensureAdminEnrollment.js'
import { SETTINGS, writeSettingText } from '../instanceSettings.js'
import { addCredential, login, register } from '../testing/ceremonies.js'
import { createSoftAuthenticator, type SoftAuthenticator } from '../testing/softAuthenticator.js'
import { testAddresses } from '../testing/testAddresses.js'
import { createTestApp, type TestApp } from '../testing/testApp.js'
import { TestClient } from '../testing/testClient.js'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'
import {
  createTestSecurityKeyModel,
  TEST_KEY_AAGUID,
  type TestSecurityKeyModel,
} from '../testing/testSecurityKey.js'

const WRAPPED = { iv: 'A'.repeat(16), ciphertext: 'B'.repeat(64) }

interface Person {
  client: TestClient
  authenticator: SoftAuthenticator
  id: string
}

let model: TestSecurityKeyModel
/** Another maker's model: its attestation verifies, but nobody listed it. */
let unlisted: TestSecurityKeyModel
/** Certificates of another root claiming the trusted model's AAGUID. */
let forged: TestSecurityKeyModel
let statements: TestApp['config']['adminKeyStatements']
let seed = 0

beforeAll(async () => {
  model = await createTestSecurityKeyModel()
  unlisted = await createTestSecurityKeyModel({
    aaguid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    description: 'Unlisted Key',
  })
  forged = await createTestSecurityKeyModel({ aaguid: TEST_KEY_AAGUID })
  statements = [model.statement]
})

/** A security key of `of` (default: the trusted test model). */
function securityKey(t: TestApp, of: TestSecurityKeyModel = model): SoftAuthenticator {
  return createSoftAuthenticator({ origin: t.config.origin, aaguid: of.aaguid, attestation: of.attestation })
}

/** A platform passkey: answers "none" whatever it is asked. */
function platformPasskey(t: TestApp): SoftAuthenticator {
  return createSoftAuthenticator({ origin: t.config.origin })
}

function newClient(t: TestApp): TestClient {
  return new TestClient(t.app, t.config.origin)
}

async function enrollmentToken(t: TestApp): Promise<string> {
  return (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
}

async function signUp(
  t: TestApp,
  authenticator: SoftAuthenticator,
  input: { displayName: string; enrollToken?: string; inviteToken?: string },
) {
  // The person confirms step-ups with the passkey they sign up with.
  const client = newClient(t).confirmWith(authenticator)
  const res = await register(client, authenticator, { ...input, addresses: testAddresses(++seed) })
  return { res, client }
}

/** Ada, the first admin, enrolled with `authenticator`. */
async function ada(t: TestApp, authenticator: SoftAuthenticator): Promise<Person> {
  const { res, client } = await signUp(t, authenticator, {
    displayName: 'Ada',
    enrollToken: await enrollmentToken(t),
  })
  expect(res.status, res.text).toBe(200)
  expect(res.body.user.role).toBe('admin')
  return { client, authenticator, id: res.body.user.id }
}

async function user(t: TestApp, displayName: string): Promise<Person> {
  const authenticator = platformPasskey(t)
  const { res, client } = await signUp(t, authenticator, { displayName })
  expect(res.status, res.text).toBe(200)
  return { client, authenticator, id: res.body.user.id }
}

function setPolicy(admin: TestClient, on: boolean) {
  return admin.put('/api/admin/settings/users', { maxAdmins: 5, adminHardwareKeys: on })
}

/** The setting row written directly: registration reads it, whoever set it. */
function policyOn(t: TestApp) {
  return writeSettingText(t.db, SETTINGS.adminHardwareKeys, 'true', new Date())
}

async function auditOf(t: TestApp, action: string) {
  const rows = await t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .orderBy('seq')
    .execute()
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }))
}

async function credentialsOf(t: TestApp, userId: string) {
  return t.db
    .selectFrom('credentials')
    .select(['aaguid', 'attested_model'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute()
}

describe.each(DB_KINDS)('admin key policy on %s', (kind) => {
  const databases = useTestDatabases(kind)
  const app = async () => createTestApp(await databases.fresh(), { adminKeyStatements: statements })

  describe('the setting', () => {
    test('behavior: an admin enrolled with a trusted security key turns the policy on and off, audited', async () => {
      const t = await app()
      const admin = await ada(t, securityKey(t))
      expect(await credentialsOf(t, admin.id)).toEqual([
        { aaguid: TEST_KEY_AAGUID, attested_model: 'Stratos Test Security Key' },
      ])
      const before = await admin.client.get('/api/admin/settings/users')
      expect(before.body).toEqual({
        maxAdmins: 5,
        adminCount: 1,
        adminHardwareKeys: false,
        trustedKeyModels: ['Stratos Test Security Key'],
      })

      const on = await setPolicy(admin.client, true)
      expect(on.status, on.text).toBe(200)
      expect(on.body.adminHardwareKeys).toBe(true)
      expect((await admin.client.get('/api/admin/settings/users')).body.adminHardwareKeys).toBe(true)
      // Setting it to what it is records nothing.
      expect((await setPolicy(admin.client, true)).status).toBe(200)
      expect((await setPolicy(admin.client, false)).body.adminHardwareKeys).toBe(false)

      const entries = await auditOf(t, 'settings.admin_keys.update')
      expect(entries.map((e) => [e.actor_user_id, e.target, e.details])).toEqual([
        [
          admin.id,
          'admin_hardware_keys',
          { before: { adminHardwareKeys: false }, after: { adminHardwareKeys: true } },
        ],
        [
          admin.id,
          'admin_hardware_keys',
          { before: { adminHardwareKeys: true }, after: { adminHardwareKeys: false } },
        ],
      ])
    })

    test('error: it is not turned on while an admin holds no trusted key (409 ADMIN_KEY_REQUIRED naming them)', async () => {
      const t = await app()
      const admin = await ada(t, platformPasskey(t))
      expect(await credentialsOf(t, admin.id)).toEqual([
        { aaguid: '00000000-0000-0000-0000-000000000000', attested_model: null },
      ])
      const res = await setPolicy(admin.client, true)
      expect([res.status, res.body.code]).toEqual([409, 'ADMIN_KEY_REQUIRED'])
      expect(res.body.message).toMatch(/An admin holds no security key of a trusted model \(Ada\)/)
      expect((await admin.client.get('/api/admin/settings/users')).body.adminHardwareKeys).toBe(false)
      expect(await auditOf(t, 'settings.admin_keys.update')).toEqual([])
    })

    test('error: without trusted models it is not turned on (409 ADMIN_KEY_METADATA_MISSING)', async () => {
      const t = createTestApp(await databases.fresh())
      const admin = await ada(t, securityKey(t))
      // The key attested, but no statement vouches for its model on this instance.
      expect(await credentialsOf(t, admin.id)).toEqual([{ aaguid: TEST_KEY_AAGUID, attested_model: null }])
      const res = await setPolicy(admin.client, true)
      expect([res.status, res.body.code]).toEqual([409, 'ADMIN_KEY_METADATA_MISSING'])
      expect(res.body.message).toMatch(/ADMIN_KEY_METADATA_DIR/)
    })

    test('error: adminHardwareKeys must be a boolean (400 naming it)', async () => {
      const t = await app()
      const admin = await ada(t, securityKey(t))
      const res = await admin.client.put('/api/admin/settings/users', {
        maxAdmins: 5,
        adminHardwareKeys: 'yes',
      })
      expect([res.status, res.body.code]).toEqual([400, 'INVALID_BODY'])
      expect(res.body.message).toMatch(/adminHardwareKeys/)
    })
  })

  describe('admin registration under the policy', () => {
    test('error: enrollment with a non-attested authenticator is refused; the link then works with the security key', async () => {
      const t = await app()
      await policyOn(t)
      const token = await enrollmentToken(t)
      for (const authenticator of [platformPasskey(t), securityKey(t, unlisted)]) {
        const { res } = await signUp(t, authenticator, { displayName: 'Ada', enrollToken: token })
        expect([res.status, res.body.code], res.text).toEqual([403, 'ADMIN_KEY_REQUIRED'])
        expect(res.body.message).toMatch(/hardware security keys/)
      }
      // Claiming the trusted model's AAGUID without its attestation proves nothing.
      const claimed = await signUp(
        t,
        createSoftAuthenticator({ origin: t.config.origin, aaguid: TEST_KEY_AAGUID }),
        {
          displayName: 'Ada',
          enrollToken: token,
        },
      )
      expect([claimed.res.status, claimed.res.body.code]).toEqual([403, 'ADMIN_KEY_REQUIRED'])
      expect(await t.db.selectFrom('users').select('id').execute()).toEqual([])

      const { res } = await signUp(t, securityKey(t), { displayName: 'Ada', enrollToken: token })
      expect(res.status, res.text).toBe(200)
      expect(res.body.user.role).toBe('admin')
    })

    test('error: self attestation is refused', async () => {
      const t = await app()
      await policyOn(t)
      const authenticator = createSoftAuthenticator({ origin: t.config.origin, aaguid: TEST_KEY_AAGUID })
      const client = newClient(t)
      const res = await register(client, authenticator, {
        displayName: 'Ada',
        enrollToken: await enrollmentToken(t),
        addresses: testAddresses(++seed),
        overrides: { attestation: 'self' },
      })
      expect([res.status, res.body.code]).toEqual([403, 'ADMIN_KEY_REQUIRED'])
    })

    test('error: certificates of another root claiming a trusted model are 400 ATTESTATION_INVALID', async () => {
      const t = await app()
      const { res } = await signUp(t, securityKey(t, forged), {
        displayName: 'Mallory',
        enrollToken: await enrollmentToken(t),
      })
      expect([res.status, res.body.code]).toEqual([400, 'ATTESTATION_INVALID'])
    })

    test('error: an admin invite used with a non-attested authenticator is refused; with the security key it works', async () => {
      const t = await app()
      const admin = await ada(t, securityKey(t))
      expect((await setPolicy(admin.client, true)).status).toBe(200)
      const created = await admin.client.post('/api/admin/invites', { role: 'admin', expiresInHours: 1 })
      expect(created.status, created.text).toBe(200)
      const inviteToken = new URL(created.body.link).hash.replace(/^#invite=/, '')

      const refused = await signUp(t, platformPasskey(t), { displayName: 'Bea', inviteToken })
      expect([refused.res.status, refused.res.body.code]).toEqual([403, 'ADMIN_KEY_REQUIRED'])
      expect(await t.db.selectFrom('admin_invites').select('used_at').execute()).toEqual([{ used_at: null }])

      const accepted = await signUp(t, securityKey(t), { displayName: 'Bea', inviteToken })
      expect(accepted.res.status, accepted.res.text).toBe(200)
      expect(accepted.res.body.user.role).toBe('admin')
      expect(await credentialsOf(t, accepted.res.body.user.id)).toEqual([
        { aaguid: TEST_KEY_AAGUID, attested_model: 'Stratos Test Security Key' },
      ])
      const registered = (await auditOf(t, 'auth.register')).at(-1)!
      expect([registered.actor_user_id, registered.details]).toEqual([
        accepted.res.body.user.id,
        { role: 'admin', credentialId: expect.any(String), attestedModel: 'Stratos Test Security Key' },
      ])
    })

    test('behavior: a user invite asks for no attestation, and the policy does not concern it', async () => {
      const t = await app()
      const admin = await ada(t, securityKey(t))
      expect((await setPolicy(admin.client, true)).status).toBe(200)
      const created = await admin.client.post('/api/admin/invites', { role: 'user', expiresInHours: 1 })
      const inviteToken = new URL(created.body.link).hash.replace(/^#invite=/, '')
      const options = await newClient(t).post('/api/auth/register/options', {
        displayName: 'Uma',
        inviteToken,
      })
      expect(options.body.options.attestation).toBe('none')
      const { res } = await signUp(t, platformPasskey(t), { displayName: 'Uma', inviteToken })
      expect(res.status, res.text).toBe(200)
    })
  })

  describe('promotion and backup passkeys under the policy', () => {
    test('error: promoting a user without a trusted key is 409 ADMIN_KEY_REQUIRED; with one added it works', async () => {
      const t = await app()
      const admin = await ada(t, securityKey(t))
      expect((await setPolicy(admin.client, true)).status).toBe(200)
      const bob = await user(t, 'Bob')

      const refused = await admin.client.put(`/api/admin/users/${bob.id}/role`, { role: 'admin' })
      expect([refused.status, refused.body.code]).toEqual([409, 'ADMIN_KEY_REQUIRED'])
      expect(refused.body.message).toMatch(/cannot be promoted/)
      expect(await auditOf(t, 'user.role.change')).toEqual([])

      // While the policy is on, a backup passkey is asked for its attestation.
      const key = securityKey(t)
      const added = await addCredential(bob.client, key, {
        wrappedEntropy: WRAPPED,
        existing: bob.authenticator,
      })
      expect(added.status, added.text).toBe(200)
      const promoted = await admin.client.put(`/api/admin/users/${bob.id}/role`, { role: 'admin' })
      expect(promoted.status, promoted.text).toBe(200)
      expect(promoted.body.role).toBe('admin')
    })

    test("error: an admin's backup passkey without attestation is refused (403 ADMIN_KEY_REQUIRED)", async () => {
      const t = await app()
      const admin = await ada(t, securityKey(t))
      expect((await setPolicy(admin.client, true)).status).toBe(200)
      const res = await addCredential(admin.client, platformPasskey(t), {
        wrappedEntropy: WRAPPED,
        existing: admin.authenticator,
      })
      expect([res.status, res.body.code]).toEqual([403, 'ADMIN_KEY_REQUIRED'])
      expect(await credentialsOf(t, admin.id)).toHaveLength(1)
      // A second security key of the trusted model is welcome.
      const spare = await addCredential(admin.client, securityKey(t), {
        wrappedEntropy: WRAPPED,
        existing: admin.authenticator,
      })
      expect(spare.status, spare.text).toBe(200)
      expect((await auditOf(t, 'passkey.add')).map((e) => e.details.attestedModel)).toEqual([
        'Stratos Test Security Key',
      ])
    })

    test('behavior: an admin signed in with a platform passkey keeps the wallet but not the admin routes', async () => {
      const t = await app()
      const admin = await ada(t, securityKey(t))
      const phone = platformPasskey(t)
      // Before the policy, an admin may add a platform passkey (asked for attestation, gives none).
      expect(
        (await addCredential(admin.client, phone, { wrappedEntropy: WRAPPED, existing: admin.authenticator }))
          .status,
      ).toBe(200)
      expect((await setPolicy(admin.client, true)).status).toBe(200)

      const onPhone = newClient(t)
      expect((await login(onPhone, phone)).status).toBe(200)
      expect((await onPhone.get('/api/me')).status).toBe(200)
      const refused = await onPhone.get('/api/admin/users')
      expect([refused.status, refused.body.code]).toEqual([403, 'ADMIN_KEY_REQUIRED'])
      expect(refused.body.message).toMatch(/Sign in again with your security key/)

      const withKey = newClient(t)
      expect((await login(withKey, admin.authenticator)).status).toBe(200)
      expect((await withKey.get('/api/admin/users')).status).toBe(200)

      // An admin change is confirmed by the security key alone: the step-up offers only it, and
      // the phone's answer (a client that ignores allowCredentials) is refused.
      const scope = { action: 'invite.create' }
      const options = await withKey.post('/api/step-up/options', scope)
      const allowed = options.body.options.allowCredentials.map((c: { id: string }) => c.id)
      expect(allowed).toEqual([admin.authenticator.credentials[0]!.id])
      const byPhone = await phone.authenticate({ ...options.body.options, allowCredentials: [] })
      const invite = (proof: unknown) =>
        withKey.request(
          'POST',
          '/api/admin/invites',
          { role: 'user' },
          { [STEP_UP_HEADER]: encodeStepUpHeader(proof as Parameters<typeof encodeStepUpHeader>[0]) },
        )
      const refusedChange = await invite({ challengeId: options.body.challengeId, response: byPhone })
      expect([refusedChange.status, refusedChange.body.code]).toEqual([403, 'ADMIN_KEY_REQUIRED'])
      expect(refusedChange.body.message).toContain('confirm this change with your security key')
      withKey.confirmWith(admin.authenticator)
      expect((await withKey.post('/api/admin/invites', { role: 'user' })).status).toBe(200)
    })

    test('behavior: a model the operator stops trusting no longer qualifies', async () => {
      const t = await app()
      const admin = await ada(t, securityKey(t))
      expect((await setPolicy(admin.client, true)).status).toBe(200)
      // The same database served with an empty ADMIN_KEY_METADATA_DIR.
      const after = createTestApp(t.db)
      const signedIn = new TestClient(after.app, after.config.origin).confirmWith(admin.authenticator)
      expect((await login(signedIn, admin.authenticator)).status).toBe(200)
      const res = await signedIn.get('/api/admin/users')
      expect([res.status, res.body.code]).toEqual([403, 'ADMIN_KEY_REQUIRED'])
    })
  })

  describe('admin sessions', () => {
    test('behavior: an idle admin session is refused after ADMIN_IDLE_TIMEOUT_SECONDS; a user session is not', async () => {
      const t = await app()
      const admin = await ada(t, platformPasskey(t))
      const bob = await user(t, 'Bob')
      t.advance(t.config.adminIdleTimeoutSeconds - 1)
      expect((await admin.client.get('/api/me')).status).toBe(200)
      expect((await bob.client.get('/api/me')).status).toBe(200)
      t.advance(t.config.adminIdleTimeoutSeconds)
      expect((await bob.client.get('/api/me')).status).toBe(200)
      const idle = await admin.client.get('/api/admin/users')
      expect([idle.status, idle.body.code]).toEqual([401, 'UNAUTHENTICATED'])
      expect((await admin.client.get('/api/me')).status).toBe(401)
    })

    test('behavior: an admin session lasts ADMIN_SESSION_TTL_SECONDS however busy; a promoted user’s too', async () => {
      const t = await app()
      const admin = await ada(t, platformPasskey(t))
      const bob = await user(t, 'Bob')
      const session = await t.db
        .selectFrom('sessions')
        .select(['created_at', 'expires_at'])
        .where('user_id', '=', admin.id)
        .executeTakeFirstOrThrow()
      expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(
        t.config.adminSessionTtlSeconds * 1000,
      )
      expect((await admin.client.put(`/api/admin/users/${bob.id}/role`, { role: 'admin' })).status).toBe(200)
      // Busy: a request every five minutes, never idle.
      for (let elapsed = 0; elapsed + 300 < t.config.adminSessionTtlSeconds; elapsed += 300) {
        t.advance(300)
        expect((await admin.client.get('/api/admin/users')).status).toBe(200)
        expect((await bob.client.get('/api/admin/users')).status).toBe(200)
      }
      t.advance(300)
      expect((await admin.client.get('/api/me')).status).toBe(401)
      expect((await bob.client.get('/api/me')).status).toBe(401)
    })
  })
})
