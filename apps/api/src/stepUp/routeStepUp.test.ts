import { encodeStepUpHeader, type RouteDefinition, routes, STEP_UP_HEADER } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { ensureAdminEnrollment } from '../enrollment/ensureAdminEnrollment.js'
import { register, stepUp } from '../testing/ceremonies.js'
import { testAddresses } from '../testing/testAddresses.js'
import { createTestApp, type TestApp } from '../testing/testApp.js'
import { API_TARGETS, useTestDatabases } from '../testing/testDatabases.js'

describe('routes that need a step-up', () => {
  test('behavior: every admin change and the recovery settings declare their step-up in the contract', () => {
    const all = Object.entries(routes) as [string, RouteDefinition][]
    const adminChanges = all.filter(([, r]) => r.access === 'admin' && r.method !== 'GET')
    expect(adminChanges.length).toBeGreaterThan(10)
    for (const [name, route] of adminChanges) expect(route.stepUp, name).toBeDefined()
    expect(routes.putRecovery.stepUp).toBe('recovery.settings')
    expect(routes.deleteRecovery.stepUp).toBe('recovery.settings')
    // Reads never ask for one: a step-up is a person's confirmation of a change.
    for (const [name, route] of all) if (route.method === 'GET') expect(route.stepUp, name).toBeUndefined()
  })
})

describe.each(API_TARGETS)('the step-up of admin changes on %s', (kind) => {
  const databases = useTestDatabases(kind)
  let seed = 0

  async function person(t: TestApp, displayName: string, enrollToken?: string) {
    const browser = t.browser()
    const res = await register(browser.client, browser.authenticator, {
      displayName,
      addresses: testAddresses(++seed),
      ...(enrollToken ? { enrollToken } : {}),
    })
    expect(res.status, res.text).toBe(200)
    return { ...browser, id: res.body.user.id as string }
  }

  /** An admin whose browser does not answer step-ups by itself, and a user. */
  async function setup() {
    const t = createTestApp(await databases.fresh())
    const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
    const admin = await person(t, 'Ada', token)
    admin.client.confirmWith(null)
    const user = await person(t, 'Uma')
    return { t, admin, user }
  }

  const roleOf = async (t: TestApp, id: string) =>
    (await t.db.selectFrom('users').select('role').where('id', '=', id).executeTakeFirstOrThrow()).role
  const actions = async (t: TestApp) =>
    (await t.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action)

  test('error: an admin change without a step-up is 403 STEP_UP_REQUIRED; nothing changes or is recorded', async () => {
    const { t, admin, user } = await setup()
    const before = await actions(t)
    const res = await admin.client.put(`/api/admin/users/${user.id}/role`, { role: 'admin' })
    expect([res.status, res.body.code]).toEqual([403, 'STEP_UP_REQUIRED'])
    expect(res.body.message).toContain('user.role')
    const disable = await admin.client.post(`/api/admin/users/${user.id}/disable`)
    expect([disable.status, disable.body.code]).toEqual([403, 'STEP_UP_REQUIRED'])
    const dar = await admin.client.postBytes('/api/admin/canton/dars', new Uint8Array([1, 2, 3]))
    expect([dar.status, dar.body.code]).toEqual([403, 'STEP_UP_REQUIRED'])
    expect(await roleOf(t, user.id)).toBe('user')
    expect(await actions(t)).toEqual(before)
  })

  test('behavior: a step-up for the change lets it through once; the same proof again is refused', async () => {
    const { t, admin, user } = await setup()
    const proof = await stepUp(admin.client, admin.authenticator, { action: 'user.role', target: user.id })
    const headers = { [STEP_UP_HEADER]: encodeStepUpHeader(proof) }
    const path = `/api/admin/users/${user.id}/role`
    const promoted = await admin.client.request('PUT', path, { role: 'admin' }, headers)
    expect(promoted.status, promoted.text).toBe(200)
    expect(await roleOf(t, user.id)).toBe('admin')
    const replay = await admin.client.request('PUT', path, { role: 'user' }, headers)
    expect([replay.status, replay.body.code]).toEqual([403, 'STEP_UP_INVALID'])
    expect(replay.body.message).toContain('already used')
    expect(await roleOf(t, user.id)).toBe('admin')
  })

  test('error: a step-up made for another user, another action or by another person is 403 STEP_UP_INVALID', async () => {
    const { t, admin, user } = await setup()
    const other = await person(t, 'Otto')
    const path = `/api/admin/users/${user.id}/role`
    const send = (proof: Parameters<typeof encodeStepUpHeader>[0]) =>
      admin.client.request('PUT', path, { role: 'admin' }, { [STEP_UP_HEADER]: encodeStepUpHeader(proof) })

    const forOtto = await send(
      await stepUp(admin.client, admin.authenticator, { action: 'user.role', target: other.id }),
    )
    expect([forOtto.status, forOtto.body.code]).toEqual([403, 'STEP_UP_INVALID'])
    expect(forOtto.body.message).toContain(
      `made for user.role of ${other.id}, not for user.role of ${user.id}`,
    )

    const forDisable = await send(
      await stepUp(admin.client, admin.authenticator, { action: 'user.disable', target: user.id }),
    )
    expect([forDisable.status, forDisable.body.code]).toEqual([403, 'STEP_UP_INVALID'])

    // Uma's own step-up (her session, her passkey) does not confirm Ada's change.
    const byUma = await send(
      await stepUp(user.client, user.authenticator, { action: 'user.role', target: user.id }),
    )
    expect([byUma.status, byUma.body.code]).toEqual([403, 'STEP_UP_INVALID'])
    expect(byUma.body.message).toContain('issued to another user')
    expect(await roleOf(t, user.id)).toBe('user')
  })

  test('error: a malformed Stratos-Step-Up header is 400 INVALID_STEP_UP naming the header', async () => {
    const { admin, user } = await setup()
    const path = `/api/admin/users/${user.id}/role`
    for (const value of ['not base64!', encodeStepUpHeader({ challengeId: '' } as never), 'e30']) {
      const res = await admin.client.request('PUT', path, { role: 'admin' }, { [STEP_UP_HEADER]: value })
      expect([res.status, res.body.code], value).toEqual([400, 'INVALID_STEP_UP'])
      expect(res.body.message).toContain(STEP_UP_HEADER)
    }
  })

  test('behavior: the input is checked before the step-up, so a bad request does not spend it', async () => {
    const { t, admin, user } = await setup()
    const proof = await stepUp(admin.client, admin.authenticator, { action: 'user.role', target: user.id })
    const headers = { [STEP_UP_HEADER]: encodeStepUpHeader(proof) }
    const path = `/api/admin/users/${user.id}/role`
    const bad = await admin.client.request('PUT', path, { role: 'root' }, headers)
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_BODY'])
    expect((await admin.client.request('PUT', path, { role: 'admin' }, headers)).status).toBe(200)
    expect(await roleOf(t, user.id)).toBe('admin')
  })

  test('error: changing the recovery settings needs a recovery.settings step-up', async () => {
    const { user } = await setup()
    user.client.confirmWith(null)
    const res = await user.client.delete('/api/me/recovery')
    expect([res.status, res.body.code]).toEqual([403, 'STEP_UP_REQUIRED'])
    expect(res.body.message).toContain('recovery.settings')
    user.client.confirmWith(user.authenticator)
    expect((await user.client.delete('/api/me/recovery')).status).toBe(200)
  })
})
