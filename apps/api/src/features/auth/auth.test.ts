import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { SignJWT } from 'jose'
import { describe, expect, test } from 'vitest'
import { ensureAdminEnrollment, issueAdminEnrollmentOnce } from '../../enrollment/ensureAdminEnrollment.js'
import { login, register, startLogin, startRegistration } from '../../testing/ceremonies.js'
import { createSoftAuthenticator } from '../../testing/softAuthenticator.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp } from '../../testing/testApp.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'

describe.each(API_TARGETS)('auth on %s', (kind) => {
  const databases = useTestDatabases(kind)
  const setup = async (overrides = {}) => createTestApp(await databases.fresh(), overrides)

  describe('register + login', () => {
    test('behavior: register -> me -> logout -> login -> me shows the same addresses', async () => {
      const t = await setup()
      const { client, authenticator } = t.browser()
      const addresses = testAddresses(1)

      const registered = await register(client, authenticator, { displayName: 'Alice', addresses })
      expect(registered.status).toBe(200)
      expect(registered.body.user).toMatchObject({ displayName: 'Alice', role: 'user' })
      expect(registered.body.addresses).toEqual(addresses)
      expect(registered.body.credentials).toHaveLength(1)
      expect(registered.body.credentials[0]!.id).toBe(authenticator.credentials[0]!.id)

      const me = await client.get('/api/me')
      expect(me.status).toBe(200)
      expect(me.body.user.id).toBe(registered.body.user.id)

      const logout = await client.post('/api/auth/logout')
      expect(logout.status).toBe(204)
      expect((await client.get('/api/me')).status).toBe(401)

      const loggedIn = await login(client, authenticator)
      expect(loggedIn.status).toBe(200)
      expect(loggedIn.body.user.id).toBe(registered.body.user.id)
      // The first passkey's PRF output defines the wallet: nothing to unwrap.
      expect(loggedIn.body.unlock).toEqual({ wrappedEntropy: null })
      const again = await client.get('/api/me')
      expect(again.status).toBe(200)
      expect(again.body.addresses).toEqual(addresses)
      expect(again.body.credentials[0]!.lastUsedAt).not.toBeNull()
    })

    test('behavior: registration options ask for a discoverable, user-verified passkey with PRF', async () => {
      const t = await setup()
      const { client } = t.browser()
      const res = await client.post('/api/auth/register/options', { displayName: 'Bob' })
      expect(res.status).toBe(200)
      const options = res.body.options as PublicKeyCredentialCreationOptionsJSON
      expect(res.body.challengeId).toEqual(expect.any(String))
      expect(options.rp).toEqual({ id: 'localhost', name: 'Test Vault' })
      expect(options.authenticatorSelection).toMatchObject({
        residentKey: 'required',
        userVerification: 'required',
      })
      expect(options.attestation).toBe('none')
      expect(options.excludeCredentials).toEqual([])
      expect(options.extensions).toMatchObject({ prf: {} })
      expect(options.pubKeyCredParams.map((p) => p.alg)).toContain(-7)
      // The WebAuthn user handle is random, not the display name or an internal id.
      expect(options.user.id).not.toContain('Bob')
      expect(options.timeout).toBe(120_000)
    })

    test('behavior: login options name no credential and require user verification', async () => {
      const t = await setup()
      const { client } = t.browser()
      const res = await client.post('/api/auth/login/options', {})
      expect(res.status).toBe(200)
      expect(res.body.options).toMatchObject({
        rpId: 'localhost',
        userVerification: 'required',
        allowCredentials: [],
      })
    })

    test('behavior: the session cookie is HttpOnly, SameSite=Strict, Path=/, and Secure off localhost', async () => {
      const local = await setup()
      const a = local.browser()
      const res = await register(a.client, a.authenticator, { addresses: testAddresses(2) })
      const cookie = res.headers.get('set-cookie')!
      expect(cookie).toMatch(/^sv_session=[\w-]+\.[\w-]+\.[\w-]+;/)
      expect(cookie).toMatch(/HttpOnly/)
      expect(cookie).toMatch(/SameSite=Strict/)
      expect(cookie).toMatch(/Path=\//)
      expect(cookie).toMatch(/Max-Age=3600/)
      expect(cookie).not.toMatch(/Secure/)

      const remote = await setup({ origin: 'https://wallet.example.com', rpId: 'example.com' })
      const b = remote.browser()
      const res2 = await register(b.client, b.authenticator, { addresses: testAddresses(3) })
      expect(res2.status).toBe(200)
      expect(res2.headers.get('set-cookie')).toMatch(/; Secure/)
    })

    test('behavior: two users register with their own passkeys and sign in as themselves', async () => {
      const t = await setup()
      const a = t.browser()
      const b = t.browser()
      const ra = await register(a.client, a.authenticator, { displayName: 'A', addresses: testAddresses(4) })
      const rb = await register(b.client, b.authenticator, { displayName: 'B', addresses: testAddresses(5) })
      expect(ra.body.user.id).not.toBe(rb.body.user.id)
      const lb = await login(b.client, b.authenticator)
      expect(lb.body.user.displayName).toBe('B')
      expect(lb.body.addresses).toEqual(testAddresses(5))
    })
  })

  describe('admin enrollment', () => {
    test('behavior: processes starting together issue one link; later starts keep it; an admin ends it', async () => {
      const t = await setup()
      const starts = await Promise.all(
        Array.from({ length: 4 }, () => issueAdminEnrollmentOnce(t.db, t.config.origin)),
      )
      const issued = starts.filter((s) => s.kind === 'issued')
      expect(issued).toHaveLength(1)
      expect(starts.filter((s) => s.kind === 'outstanding')).toHaveLength(3)
      const later = await issueAdminEnrollmentOnce(t.db, t.config.origin)
      expect(later).toMatchObject({ kind: 'outstanding', issuedAt: expect.stringMatching(/^\d{4}-/) })
      // The one link issued still works after the later starts.
      const token = (issued[0] as { link: string }).link.split('#token=')[1]!
      const admin = t.browser()
      const ra = await register(admin.client, admin.authenticator, {
        displayName: 'Ada',
        enrollToken: token,
        addresses: testAddresses(11),
      })
      expect(ra.body.user.role).toBe('admin')
      expect(await issueAdminEnrollmentOnce(t.db, t.config.origin)).toEqual({ kind: 'has-admin' })
    })

    test('behavior: the first enrollment makes an admin, the token cannot be reused, the next user is a user', async () => {
      const t = await setup()
      const link = await ensureAdminEnrollment(t.db, t.config.origin)
      expect(link).toMatch(/^http:\/\/localhost:8787\/enroll#token=[\w-]{43}$/)
      const token = link!.split('#token=')[1]!
      expect((await t.browser().client.get('/api/config')).body.needsAdmin).toBe(true)

      const admin = t.browser()
      const ra = await register(admin.client, admin.authenticator, {
        displayName: 'Ada',
        enrollToken: token,
        addresses: testAddresses(10),
      })
      expect(ra.status).toBe(200)
      expect(ra.body.user.role).toBe('admin')
      expect((await admin.client.get('/api/config')).body.needsAdmin).toBe(false)
      expect(await ensureAdminEnrollment(t.db, t.config.origin)).toBeNull()

      const mallory = t.browser()
      const reuse = await mallory.client.post('/api/auth/register/options', {
        displayName: 'M',
        enrollToken: token,
      })
      expect(reuse.status).toBe(403)
      expect(reuse.body.code).toBe('ENROLLMENT_INVALID')

      const uma = t.browser()
      const ru = await register(uma.client, uma.authenticator, {
        displayName: 'Uma',
        addresses: testAddresses(11),
      })
      expect(ru.status).toBe(200)
      expect(ru.body.user.role).toBe('user')
    })

    test('error: a token consumed between options and verify refuses the account (no user, no session)', async () => {
      const t = await setup()
      const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
      const first = t.browser()
      const second = t.browser()
      // Both start with the valid token; the first to verify wins.
      const pending = await startRegistration(second.client, second.authenticator, { enrollToken: token })
      expect(
        (
          await register(first.client, first.authenticator, {
            enrollToken: token,
            addresses: testAddresses(12),
          })
        ).body.user.role,
      ).toBe('admin')
      const late = await second.client.post('/api/auth/register/verify', {
        ...pending,
        addresses: testAddresses(13),
      })
      expect(late.status).toBe(403)
      expect(late.body.code).toBe('ENROLLMENT_INVALID')
      expect(late.headers.get('set-cookie')).toBeNull()
      expect((await second.client.get('/api/me')).status).toBe(401)
      const users = await t.db.selectFrom('users').select('display_name').execute()
      expect(users).toHaveLength(1)
    })

    test('error: concurrent registrations with one enrollment link: exactly one becomes admin', async () => {
      const t = await setup()
      const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
      const people = Array.from({ length: 4 }, () => t.browser())
      // Every ceremony starts while the link is valid; then all answers arrive at once.
      const pending = await Promise.all(
        people.map((p) => startRegistration(p.client, p.authenticator, { enrollToken: token })),
      )
      const answers = await Promise.all(
        people.map((p, i) =>
          p.client.post('/api/auth/register/verify', { ...pending[i]!, addresses: testAddresses(40 + i) }),
        ),
      )
      const statuses = answers.map((a) => a.status).sort()
      expect(statuses).toEqual([200, 403, 403, 403])
      expect(answers.filter((a) => a.status === 403).every((a) => a.body.code === 'ENROLLMENT_INVALID')).toBe(
        true,
      )
      const users = await t.db.selectFrom('users').select('role').execute()
      expect(users).toEqual([{ role: 'admin' }])
    })

    test('error: a wrong enrollment token is 403 ENROLLMENT_INVALID', async () => {
      const t = await setup()
      await ensureAdminEnrollment(t.db, t.config.origin)
      const res = await t.browser().client.post('/api/auth/register/options', {
        displayName: 'Eve',
        enrollToken: 'not-the-token-0123456789',
      })
      expect(res.status).toBe(403)
      expect(res.body).toEqual({ code: 'ENROLLMENT_INVALID', message: expect.stringMatching(/enrollment/i) })
    })

    test('behavior: a new enrollment link replaces the previous one', async () => {
      const t = await setup()
      const old = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
      const fresh = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
      expect(fresh).not.toBe(old)
      const { client } = t.browser()
      expect(
        (await client.post('/api/auth/register/options', { displayName: 'X', enrollToken: old })).status,
      ).toBe(403)
      expect(
        (await client.post('/api/auth/register/options', { displayName: 'X', enrollToken: fresh })).status,
      ).toBe(200)
    })
  })

  describe('refused ceremonies', () => {
    async function registered(overrides = {}) {
      const t = await setup(overrides)
      const browser = t.browser()
      const res = await register(browser.client, browser.authenticator, { addresses: testAddresses(20) })
      expect(res.status).toBe(200)
      await browser.client.post('/api/auth/logout')
      return { t, ...browser }
    }

    test('error: a replayed assertion (the same response posted twice) is 400 CHALLENGE_INVALID', async () => {
      const { client, authenticator } = await registered()
      const pending = await startLogin(client, authenticator)
      expect((await client.post('/api/auth/login/verify', pending)).status).toBe(200)
      const replay = await client.post('/api/auth/login/verify', pending)
      expect(replay.status).toBe(400)
      expect(replay.body.code).toBe('CHALLENGE_INVALID')
    })

    test('error: an old assertion posted against a fresh challenge is 401 CHALLENGE_MISMATCH', async () => {
      const { client, authenticator } = await registered()
      const old = await startLogin(client, authenticator)
      const fresh = await client.post('/api/auth/login/options', {})
      const res = await client.post('/api/auth/login/verify', {
        challengeId: fresh.body.challengeId,
        response: old.response,
      })
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('CHALLENGE_MISMATCH')
    })

    test('error: concurrent answers to one challenge: exactly one signs in, the others are 400 CHALLENGE_INVALID', async () => {
      const { client, authenticator } = await registered()
      const pending = await startLogin(client, authenticator)
      const results = await Promise.all([1, 2, 3].map(() => client.post('/api/auth/login/verify', pending)))
      expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400])
      expect(results.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual([
        'CHALLENGE_INVALID',
        'CHALLENGE_INVALID',
      ])
    })

    test('error: an assertion made for another origin is 401 ORIGIN_MISMATCH', async () => {
      const { client, authenticator } = await registered()
      const res = await login(client, authenticator, { origin: 'https://evil.example' })
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('ORIGIN_MISMATCH')
      expect(client.cookies.size).toBe(0)
    })

    test('error: an assertion made for another RP ID is 401 RP_ID_MISMATCH', async () => {
      const { client, authenticator } = await registered()
      const res = await login(client, authenticator, { rpId: 'evil.example' })
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('RP_ID_MISMATCH')
    })

    test('error: a registration for another origin or RP ID is 400 with the matching code', async () => {
      const t = await setup()
      const a = t.browser()
      const wrongOrigin = await register(a.client, a.authenticator, {
        addresses: testAddresses(21),
        overrides: { origin: 'http://localhost:9999' },
      })
      expect(wrongOrigin.status).toBe(400)
      expect(wrongOrigin.body.code).toBe('ORIGIN_MISMATCH')
      const wrongRp = await register(a.client, a.authenticator, {
        addresses: testAddresses(21),
        overrides: { rpId: 'example.com' },
      })
      expect(wrongRp.status).toBe(400)
      expect(wrongRp.body.code).toBe('RP_ID_MISMATCH')
      expect(await t.db.selectFrom('users').selectAll().execute()).toEqual([])
    })

    test('error: a lowered or repeated signature counter is 401 COUNTER_INVALID', async () => {
      const { client, authenticator } = await registered()
      expect((await login(client, authenticator, { counter: 5 })).status).toBe(200)
      const lowered = await login(client, authenticator, { counter: 3 })
      expect(lowered.status).toBe(401)
      expect(lowered.body.code).toBe('COUNTER_INVALID')
      const equal = await login(client, authenticator, { counter: 5 })
      expect(equal.status).toBe(401)
      expect(equal.body.code).toBe('COUNTER_INVALID')
      expect((await login(client, authenticator, { counter: 6 })).status).toBe(200)
    })

    test('error: an assertion without user verification is 401 USER_VERIFICATION_REQUIRED', async () => {
      const { client, authenticator } = await registered()
      const res = await login(client, authenticator, { userVerified: false })
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('USER_VERIFICATION_REQUIRED')
    })

    test('error: an expired challenge is 400 CHALLENGE_EXPIRED', async () => {
      const { t, client, authenticator } = await registered()
      const pending = await startLogin(client, authenticator)
      t.advance(121)
      const res = await client.post('/api/auth/login/verify', pending)
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('CHALLENGE_EXPIRED')

      const reg = t.browser()
      const pendingReg = await startRegistration(reg.client, reg.authenticator, {})
      t.advance(121)
      const late = await reg.client.post('/api/auth/register/verify', {
        ...pendingReg,
        addresses: testAddresses(22),
      })
      expect(late.body.code).toBe('CHALLENGE_EXPIRED')
    })

    test('error: a reused or unknown challenge is 400 CHALLENGE_INVALID', async () => {
      const t = await setup()
      const { client, authenticator } = t.browser()
      const pending = await startRegistration(client, authenticator, {})
      const body = { ...pending, addresses: testAddresses(23) }
      expect((await client.post('/api/auth/register/verify', body)).status).toBe(200)
      const reused = await client.post('/api/auth/register/verify', body)
      expect(reused.status).toBe(400)
      expect(reused.body.code).toBe('CHALLENGE_INVALID')

      const unknown = await client.post('/api/auth/login/verify', {
        challengeId: 'nope',
        response: (await startLogin(client, authenticator)).response,
      })
      expect(unknown.body.code).toBe('CHALLENGE_INVALID')
      // A registration challenge cannot be used for a login, nor the reverse.
      const regOptions = await client.post('/api/auth/register/options', { displayName: 'x' })
      const crossed = await client.post('/api/auth/login/verify', {
        challengeId: regOptions.body.challengeId,
        response: (await startLogin(client, authenticator)).response,
      })
      expect(crossed.body.code).toBe('CHALLENGE_INVALID')
    })

    test('error: an unknown credential is 401 CREDENTIAL_UNKNOWN', async () => {
      const { t, client } = await registered()
      // A passkey created for this RP but never registered here.
      const stranger = createSoftAuthenticator({ origin: t.config.origin })
      const options = await client.post('/api/auth/register/options', { displayName: 'ghost' })
      await stranger.register(options.body.options)
      const res = await login(client, stranger)
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('CREDENTIAL_UNKNOWN')
    })

    test('error: a response whose userHandle names another user is 401 USER_HANDLE_MISMATCH', async () => {
      const { client, authenticator } = await registered()
      const pending = await startLogin(client, authenticator)
      pending.response.response.userHandle = 'AAAA'
      const res = await client.post('/api/auth/login/verify', pending)
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('USER_HANDLE_MISMATCH')
    })

    test('error: a tampered signature is 401 SIGNATURE_INVALID', async () => {
      const { client, authenticator } = await registered()
      const pending = await startLogin(client, authenticator)
      const other = await startLogin(client, authenticator)
      // A valid DER signature, but over other data.
      pending.response.response.signature = other.response.response.signature
      const res = await client.post('/api/auth/login/verify', pending)
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('SIGNATURE_INVALID')
    })

    test('error: PRF output in the body is 400 PRF_OUTPUT_SENT, for login and for registration', async () => {
      const { t, client, authenticator } = await registered()
      const res = await login(client, authenticator, { prfInput: new Uint8Array(32), leavePrfResults: true })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('PRF_OUTPUT_SENT')
      expect(client.cookies.size).toBe(0)
      // Stripped, the same kind of response is fine.
      expect((await login(client, authenticator, { prfInput: new Uint8Array(32) })).status).toBe(200)

      const other = t.browser()
      const reg = await register(other.client, other.authenticator, {
        addresses: testAddresses(24),
        overrides: { leavePrfResults: true },
      })
      expect(reg.status).toBe(400)
      expect(reg.body.code).toBe('PRF_OUTPUT_SENT')
    })
  })

  describe('sessions', () => {
    test('error: after logout the old cookie is 401 (revoked at once)', async () => {
      const t = await setup()
      const { client, authenticator } = t.browser()
      await register(client, authenticator, { addresses: testAddresses(30) })
      const stolen = client.cookies.get('sv_session')!
      const logout = await client.post('/api/auth/logout')
      expect(logout.status).toBe(204)
      expect(logout.headers.get('set-cookie')).toMatch(/sv_session=;.*Max-Age=0/)
      const thief = t.browser().client
      thief.cookies.set('sv_session', stolen)
      const res = await thief.get('/api/me')
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('UNAUTHENTICATED')
      const row = await t.db.selectFrom('sessions').select('revoked_at').executeTakeFirstOrThrow()
      expect(row.revoked_at).not.toBeNull()
    })

    test('error: a tampered, foreign-signed or unsigned JWT is 401', async () => {
      const t = await setup()
      const { client, authenticator } = t.browser()
      const me = await register(client, authenticator, { addresses: testAddresses(31) })
      const jwt = client.cookies.get('sv_session')!
      const [header, payload, signature] = jwt.split('.')
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
      const forged = (changes: object) =>
        Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')

      const attempts = [
        `${header}.${forged({ sub: 'someone-else' })}.${signature}`,
        `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`,
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`,
        await new SignJWT({ sid: claims.sid })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(me.body.user.id)
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('another-instance-secret-0123456789abcdef')),
        'garbage',
      ]
      for (const token of attempts) {
        const thief = t.browser().client
        thief.cookies.set('sv_session', token)
        const res = await thief.get('/api/me')
        expect(res.status, token).toBe(401)
        expect(res.body.code).toBe('UNAUTHENTICATED')
      }
      expect((await client.get('/api/me')).status).toBe(200)
    })

    test('error: a session past its lifetime is 401', async () => {
      const t = await setup({ sessionTtlSeconds: 60 })
      const { client, authenticator } = t.browser()
      await register(client, authenticator, { addresses: testAddresses(32) })
      t.advance(30)
      expect((await client.get('/api/me')).status).toBe(200)
      t.advance(31)
      expect((await client.get('/api/me')).status).toBe(401)
    })
  })

  describe('bad input', () => {
    test('error: missing fields are 400 INVALID_BODY naming the field', async () => {
      const t = await setup()
      const { client, authenticator } = t.browser()
      const noName = await client.post('/api/auth/register/options', {})
      expect(noName.status).toBe(400)
      expect(noName.body.code).toBe('INVALID_BODY')
      expect(noName.body.message).toMatch(/displayName/)

      const pending = await startRegistration(client, authenticator, {})
      const noAddresses = await client.post('/api/auth/register/verify', pending)
      expect(noAddresses.status).toBe(400)
      expect(noAddresses.body.message).toMatch(/^addresses: Required/)

      const { clientDataJSON: _, ...partial } = pending.response.response
      const noClientData = await client.post('/api/auth/register/verify', {
        ...pending,
        response: { ...pending.response, response: partial },
        addresses: testAddresses(40),
      })
      expect(noClientData.status).toBe(400)
      expect(noClientData.body.message).toMatch(/response\.response\.clientDataJSON/)

      const noChallenge = await client.post('/api/auth/login/verify', { response: pending.response })
      expect(noChallenge.status).toBe(400)
      expect(noChallenge.body.message).toMatch(/challengeId/)
    })

    test('error: bad addresses are 400 naming the chain', async () => {
      const t = await setup()
      const { client, authenticator } = t.browser()
      const pending = await startRegistration(client, authenticator, {})
      const res = await client.post('/api/auth/register/verify', {
        ...pending,
        addresses: { ...testAddresses(41), evm: '0x1234', canton: 'party::nope' },
      })
      expect(res.status).toBe(400)
      expect(res.body.message).toMatch(/addresses\.evm: expected a 0x-prefixed 20-byte hex address/)
      expect(res.body.message).toMatch(/addresses\.canton/)
    })

    test('error: malformed JSON is 400, a non-JSON content type is 415, junk WebAuthn data is 400', async () => {
      const t = await setup()
      const { client, authenticator } = t.browser()
      const broken = await client.request('POST', '/api/auth/register/options', '{"displayName":', {
        'content-type': 'application/json',
      })
      expect(broken.status).toBe(400)
      expect(broken.body.code).toBe('INVALID_JSON')

      const form = await client.request('POST', '/api/auth/register/options', 'displayName=x', {
        'content-type': 'application/x-www-form-urlencoded',
      })
      expect(form.status).toBe(415)
      expect(form.body.code).toBe('UNSUPPORTED_MEDIA_TYPE')

      const pending = await startRegistration(client, authenticator, {})
      const junk = await client.post('/api/auth/register/verify', {
        ...pending,
        response: {
          ...pending.response,
          response: { ...pending.response.response, attestationObject: 'AAAA' },
        },
        addresses: testAddresses(42),
      })
      expect(junk.status).toBe(400)
      expect(junk.body.code).toBe('WEBAUTHN_RESPONSE_INVALID')
      expect(junk.text).not.toMatch(/at \w+ \(|\.ts:\d+/)
    })

    test('error: a state-changing request from another origin is 403 ORIGIN_FORBIDDEN', async () => {
      const t = await setup()
      const { client } = t.browser()
      const res = await client.request(
        'POST',
        '/api/auth/login/options',
        {},
        { origin: 'https://evil.example' },
      )
      expect(res.status).toBe(403)
      expect(res.body.code).toBe('ORIGIN_FORBIDDEN')
    })
  })
})
