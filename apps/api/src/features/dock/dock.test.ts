import { DockAppRequest } from '@stratos/schemas'
import { sql } from 'kysely'
import { beforeAll, describe, expect, test } from 'vitest'
import { adminAndUser } from '../../testing/adminAndUser.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp, type TestApp, testConfig } from '../../testing/testApp.js'
import type { TestClient } from '../../testing/testClient.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'
import { addDockApp } from './service.js'

/** A 1x1 PNG as a data: URL. */
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

const treasury = (overrides: Record<string, unknown> = {}) => ({
  name: 'Treasury',
  icon: PNG,
  url: 'https://treasury.example/app?x=1',
  networks: ['evm-31337', 'canton'],
  permissions: ['accounts', 'evm-transactions'],
  ...overrides,
})
const swap = (overrides: Record<string, unknown> = {}) => ({
  name: 'Swap',
  url: 'http://127.0.0.1:5173/',
  networks: ['evm-31337'],
  permissions: ['accounts', 'message-signing'],
  ...overrides,
})

async function dockAudit(t: TestApp) {
  const rows = await t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', 'like', 'dock.%')
    .orderBy('seq')
    .execute()
  return rows.map((row) => ({ action: row.action, target: row.target, details: JSON.parse(row.details) }))
}

describe.each(API_TARGETS)('dock apps and grants on %s', (kind) => {
  const databases = useTestDatabases(kind)
  beforeAll(() => databases.fresh().then(() => undefined), 120_000)
  const setup = async () => {
    const t = createTestApp(await databases.fresh())
    const people = await adminAndUser(t)
    return { t, ...people }
  }
  const add = async (admin: TestClient, body: unknown) => {
    const res = await admin.post('/api/admin/dock', body)
    expect(res.status, res.text).toBe(200)
    return res.body as { id: string; origin: string }
  }

  test('behavior: an admin adds, changes, orders, disables and removes apps; each change is audited with name and origin', async () => {
    const { t, admin, user } = await setup()
    const first = await add(admin, treasury())
    expect(first).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      name: 'Treasury',
      icon: PNG,
      url: 'https://treasury.example/app?x=1',
      origin: 'https://treasury.example',
      networks: ['evm-31337', 'canton'],
      permissions: ['accounts', 'evm-transactions'],
      position: 0,
      enabled: true,
    })
    const second = await add(admin, swap())
    expect(second).toMatchObject({ origin: 'http://127.0.0.1:5173', icon: null, position: 1 })

    const dock = await user.get('/api/dock')
    expect(dock.status, dock.text).toBe(200)
    expect(dock.body.apps.map((app: { name: string }) => app.name)).toEqual(['Treasury', 'Swap'])

    const order = await admin.put('/api/admin/dock/order', { ids: [second.id, first.id] })
    expect(order.status, order.text).toBe(200)
    expect(
      order.body.apps.map((app: { name: string; position: number }) => [app.name, app.position]),
    ).toEqual([
      ['Swap', 0],
      ['Treasury', 1],
    ])
    const stale = await admin.put('/api/admin/dock/order', { ids: [first.id] })
    expect([stale.status, stale.body.code]).toEqual([409, 'DOCK_APPS_CHANGED'])

    const disabled = await admin.put(
      `/api/admin/dock/${second.id}`,
      swap({ name: 'Swap v2', enabled: false }),
    )
    expect(disabled.status, disabled.text).toBe(200)
    expect(disabled.body).toMatchObject({ name: 'Swap v2', enabled: false, position: 0 })
    expect((await user.get('/api/dock')).body.apps.map((app: { name: string }) => app.name)).toEqual([
      'Treasury',
    ])
    expect((await admin.get('/api/admin/dock')).body.apps.map((app: { name: string }) => app.name)).toEqual([
      'Swap v2',
      'Treasury',
    ])

    expect((await admin.delete(`/api/admin/dock/${first.id}`)).status).toBe(204)
    expect((await admin.delete(`/api/admin/dock/${first.id}`)).body.code).toBe('DOCK_APP_NOT_FOUND')
    expect((await admin.put(`/api/admin/dock/${first.id}`, treasury())).status).toBe(404)
    expect((await user.get('/api/dock')).body.apps).toEqual([])

    expect(await dockAudit(t)).toEqual([
      {
        action: 'dock.app.add',
        target: first.id,
        details: expect.objectContaining({ name: 'Treasury', origin: 'https://treasury.example' }),
      },
      {
        action: 'dock.app.add',
        target: second.id,
        details: expect.objectContaining({ name: 'Swap', origin: 'http://127.0.0.1:5173' }),
      },
      {
        action: 'dock.order',
        target: null,
        details: {
          order: [
            { id: second.id, name: 'Swap', origin: 'http://127.0.0.1:5173' },
            { id: first.id, name: 'Treasury', origin: 'https://treasury.example' },
          ],
        },
      },
      {
        action: 'dock.app.update',
        target: second.id,
        details: expect.objectContaining({
          name: 'Swap v2',
          origin: 'http://127.0.0.1:5173',
          enabled: false,
          changed: ['name', 'enabled'],
        }),
      },
      {
        action: 'dock.app.remove',
        target: first.id,
        details: { name: 'Treasury', origin: 'https://treasury.example', grantsRemoved: 0 },
      },
    ])
  })

  test("behavior: the dock lists an app's networks that are enabled (and canton)", async () => {
    const { admin, user } = await setup()
    await add(admin, treasury())
    const off = await admin.request('PATCH', '/api/admin/networks/evm-31337', { enabled: false })
    expect(off.status, off.text).toBe(200)
    expect((await user.get('/api/dock')).body.apps[0].networks).toEqual(['canton'])
    expect((await admin.get('/api/admin/dock')).body.apps[0].networks).toEqual(['evm-31337', 'canton'])
  })

  test('error: invalid apps are refused with a 4xx naming the field, and nothing is saved', async () => {
    const { t, admin } = await setup()
    const refusals: [Record<string, unknown>, number, string, RegExp][] = [
      [treasury({ name: '' }), 400, 'INVALID_BODY', /name/],
      [treasury({ name: 'x'.repeat(61) }), 400, 'INVALID_BODY', /name/],
      [treasury({ url: '/relative' }), 400, 'INVALID_BODY', /url/],
      [treasury({ url: 'ftp://treasury.example/' }), 400, 'INVALID_BODY', /url/],
      [treasury({ url: 'http://treasury.example/' }), 400, 'INVALID_BODY', /url.*https/],
      [treasury({ url: 'http://192.168.1.2:5173/' }), 400, 'INVALID_BODY', /url/],
      [treasury({ url: 'https://me:secret@treasury.example/' }), 400, 'INVALID_BODY', /url.*user/],
      [treasury({ icon: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }), 400, 'INVALID_BODY', /icon/],
      [treasury({ icon: `data:image/png;base64,${'A'.repeat(64 * 1024)}` }), 400, 'INVALID_BODY', /icon/],
      [treasury({ icon: 'https://treasury.example/icon.png' }), 400, 'INVALID_BODY', /icon/],
      [treasury({ permissions: ['accounts', 'private-keys'] }), 400, 'INVALID_BODY', /permissions/],
      [treasury({ permissions: ['accounts', 'accounts'] }), 400, 'INVALID_BODY', /permissions/],
      [
        treasury({ networks: ['no-such-chain'] }),
        422,
        'DOCK_APP_NETWORK_UNKNOWN',
        /networks: .*no-such-chain/,
      ],
      [treasury({ url: 'http://localhost:8787/dock' }), 422, 'DOCK_APP_SAME_ORIGIN', /url: .*own origin/],
    ]
    for (const [body, status, code, message] of refusals) {
      const res = await admin.post('/api/admin/dock', body)
      expect([res.status, res.body.code], JSON.stringify(body).slice(0, 120)).toEqual([status, code])
      expect(res.body.message).toMatch(message)
    }
    expect((await admin.get('/api/admin/dock')).body.apps).toEqual([])

    const app = await add(admin, treasury())
    const twin = await admin.post('/api/admin/dock', swap({ url: 'https://treasury.example/other' }))
    expect([twin.status, twin.body.code]).toEqual([409, 'DOCK_APP_ORIGIN_TAKEN'])
    const other = await add(admin, swap())
    const moved = await admin.put(`/api/admin/dock/${other.id}`, swap({ url: 'https://treasury.example/' }))
    expect([moved.status, moved.body.code]).toEqual([409, 'DOCK_APP_ORIGIN_TAKEN'])
    // The app itself keeps its origin under another path.
    const samePlace = await admin.put(
      `/api/admin/dock/${app.id}`,
      treasury({ url: 'https://treasury.example/v2' }),
    )
    expect(samePlace.status, samePlace.text).toBe(200)
    const loopback6 = await admin.post('/api/admin/dock', swap({ url: 'http://[::1]:5174/' }))
    expect(loopback6.status, loopback6.text).toBe(200)
    expect((await dockAudit(t)).map((entry) => entry.action)).toEqual([
      'dock.app.add',
      'dock.app.add',
      'dock.app.update',
      'dock.app.add',
    ])
  })

  test('error: a user is 403 and nobody 401 on the admin routes; an admin change without a step-up is 403 STEP_UP_REQUIRED', async () => {
    const { t, admin, user } = await setup()
    const app = await add(admin, treasury())
    const nobody = t.browser().client
    const calls: [string, string, unknown][] = [
      ['GET', '/api/admin/dock', undefined],
      ['POST', '/api/admin/dock', swap()],
      ['PUT', '/api/admin/dock/order', { ids: [app.id] }],
      ['PUT', `/api/admin/dock/${app.id}`, treasury({ name: 'Mine now' })],
      ['DELETE', `/api/admin/dock/${app.id}`, undefined],
    ]
    for (const [method, path, body] of calls) {
      const forbidden = await user.request(method, path, body)
      expect([method, path, forbidden.status, forbidden.body.code]).toEqual([method, path, 403, 'FORBIDDEN'])
      const anonymous = await nobody.request(method, path, body)
      expect([method, path, anonymous.status]).toEqual([method, path, 401])
    }
    for (const path of ['/api/dock', '/api/me/dock-grants'])
      expect((await nobody.get(path)).status, path).toBe(401)
    admin.confirmWith(null)
    for (const [method, path, body] of calls.filter(([method]) => method !== 'GET')) {
      const res = await admin.request(method, path, body)
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 403, 'STEP_UP_REQUIRED'])
    }
    expect((await admin.get('/api/admin/dock')).body.apps).toEqual([
      expect.objectContaining({ id: app.id, name: 'Treasury' }),
    ])
    expect((await dockAudit(t)).map((entry) => entry.action)).toEqual(['dock.app.add'])
  })

  test('behavior: a user grants an app their own accounts and some of its networks, sees only their own grants and revokes them', async () => {
    const { t, admin, user } = await setup()
    const app = await add(admin, treasury())
    const uma = testAddresses(2)
    const umaId = (await user.get('/api/me')).body.user.id as string
    await t.db
      .insertInto('canton_parties')
      .values({
        user_id: umaId,
        party_id: `uma::${uma.canton}`,
        fingerprint: uma.canton,
        created_at: new Date().toISOString(),
      })
      .execute()

    const shouted = `0x${uma.evm.slice(2).toUpperCase()}`
    const granted = await user.put(`/api/me/dock-grants/${app.id}`, {
      accounts: [shouted, `uma::${uma.canton}`],
      networks: ['canton'],
    })
    expect(granted.status, granted.text).toBe(200)
    expect(granted.body).toEqual({
      appId: app.id,
      appName: 'Treasury',
      appOrigin: 'https://treasury.example',
      appEnabled: true,
      accounts: [uma.evm, `uma::${uma.canton}`],
      networks: ['canton'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    // Replaced, not added to.
    const narrowed = await user.put(`/api/me/dock-grants/${app.id}`, { accounts: [uma.evm], networks: [] })
    expect(narrowed.status, narrowed.text).toBe(200)
    // The admin's own grant is theirs alone.
    const adminGrant = await admin.put(`/api/me/dock-grants/${app.id}`, {
      accounts: [testAddresses(1).evm],
      networks: ['evm-31337'],
    })
    expect(adminGrant.status, adminGrant.text).toBe(200)
    const mine = await user.get('/api/me/dock-grants')
    expect(mine.body.grants).toEqual([
      expect.objectContaining({ appId: app.id, accounts: [uma.evm], networks: [] }),
    ])

    const refusals: [string, unknown, number, string][] = [
      [app.id, { accounts: [testAddresses(1).evm], networks: [] }, 422, 'DOCK_GRANT_ACCOUNT_NOT_OWN'],
      [app.id, { accounts: [testAddresses(2).solana], networks: [] }, 422, 'DOCK_GRANT_ACCOUNT_NOT_OWN'],
      [app.id, { accounts: [uma.evm, shouted], networks: [] }, 422, 'DOCK_GRANT_ACCOUNT_NOT_OWN'],
      [app.id, { accounts: [uma.evm], networks: ['solana-dev'] }, 422, 'DOCK_GRANT_NETWORK_NOT_ALLOWED'],
      ['no-such-app', { accounts: [uma.evm], networks: [] }, 404, 'DOCK_APP_NOT_FOUND'],
      [app.id, { accounts: [uma.evm] }, 400, 'INVALID_BODY'],
    ]
    for (const [appId, body, status, code] of refusals) {
      const res = await user.put(`/api/me/dock-grants/${appId}`, body)
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([status, code])
    }
    expect((await user.get('/api/me/dock-grants')).body.grants[0].accounts).toEqual([uma.evm])

    expect((await user.delete(`/api/me/dock-grants/${app.id}`)).status).toBe(204)
    const again = await user.delete(`/api/me/dock-grants/${app.id}`)
    expect([again.status, again.body.code]).toEqual([404, 'DOCK_GRANT_NOT_FOUND'])
    expect((await user.get('/api/me/dock-grants')).body.grants).toEqual([])
    expect((await admin.get('/api/me/dock-grants')).body.grants).toHaveLength(1)

    // A disabled app takes no grant; one given before stays listed until revoked.
    expect((await admin.put(`/api/admin/dock/${app.id}`, treasury({ enabled: false }))).status).toBe(200)
    const toDisabled = await user.put(`/api/me/dock-grants/${app.id}`, { accounts: [uma.evm], networks: [] })
    expect([toDisabled.status, toDisabled.body.code]).toEqual([404, 'DOCK_APP_NOT_FOUND'])
    expect((await admin.get('/api/me/dock-grants')).body.grants).toEqual([
      expect.objectContaining({ appId: app.id, appEnabled: false }),
    ])
  })

  test("behavior: removing an app, or moving it to another origin, removes every user's grant to it", async () => {
    const { t, admin, user } = await setup()
    const kept = await add(admin, treasury())
    const moved = await add(admin, swap())
    for (const app of [kept, moved]) {
      const res = await user.put(`/api/me/dock-grants/${app.id}`, {
        accounts: [testAddresses(2).evm],
        networks: ['evm-31337'],
      })
      expect(res.status, res.text).toBe(200)
      expect(
        (await admin.put(`/api/me/dock-grants/${app.id}`, { accounts: [testAddresses(1).evm], networks: [] }))
          .status,
      ).toBe(200)
    }
    const relocated = await admin.put(`/api/admin/dock/${moved.id}`, swap({ url: 'https://swap.example/' }))
    expect(relocated.status, relocated.text).toBe(200)
    expect(
      (await user.get('/api/me/dock-grants')).body.grants.map((g: { appId: string }) => g.appId),
    ).toEqual([kept.id])
    expect((await admin.delete(`/api/admin/dock/${kept.id}`)).status).toBe(204)
    expect((await user.get('/api/me/dock-grants')).body.grants).toEqual([])
    expect(await t.db.selectFrom('dock_grants').selectAll().execute()).toEqual([])
    const audit = await dockAudit(t)
    expect(audit.find((entry) => entry.action === 'dock.app.update')?.details).toMatchObject({
      origin: 'https://swap.example',
      previousOrigin: 'http://127.0.0.1:5173',
      grantsRemoved: 2,
    })
    expect(audit.find((entry) => entry.action === 'dock.app.remove')?.details).toMatchObject({
      grantsRemoved: 2,
    })
  })
})

/**
 * PostgreSQL runs concurrent transactions: another admin's insert of the same origin may commit
 * between this add's check and its insert. (SQLite runs one write transaction at a time, and D1
 * runs a transaction again when a unique index refuses its batch: both see the row at the check.)
 */
describe('addDockApp on postgres', () => {
  const databases = useTestDatabases('postgres')

  test("error: an app of the same origin committed after the check is a 409, not the unique index's 500", async () => {
    const db = await databases.fresh()
    const deps = { db, clock: () => new Date(), config: testConfig() }
    const actor = { userId: 'admin', requestId: undefined, ip: undefined, userAgent: undefined }
    let commit!: () => void
    const held = new Promise<void>((resolve) => {
      commit = resolve
    })
    let inserted!: () => void
    const insertedFirst = new Promise<void>((resolve) => {
      inserted = resolve
    })
    const now = new Date().toISOString()
    // Another admin's add: its row is written, not yet committed.
    const other = db.transaction().execute(async (trx) => {
      await trx
        .insertInto('dock_apps')
        .values({
          id: 'other',
          name: 'Other',
          icon: null,
          url: 'https://treasury.example/',
          origin: 'https://treasury.example',
          networks: '[]',
          permissions: '[]',
          position: 0,
          enabled: 1,
          created_at: now,
          updated_at: now,
        })
        .execute()
      inserted()
      await held
    })
    await insertedFirst
    const adding = addDockApp(deps, actor, DockAppRequest.parse(treasury({ networks: ['canton'] }))).then(
      () => undefined,
      (error: unknown) => error,
    )
    // This add passed its check and waits on the unique index for the other transaction.
    await expect
      .poll(async () => {
        const { rows } = await sql<{ n: string }>`
          select count(*) as n from pg_stat_activity
          where wait_event_type = 'Lock' and datname = current_database()`.execute(db)
        return Number(rows[0]!.n)
      })
      .toBeGreaterThan(0)
    commit()
    await other
    expect(await adding).toMatchObject({ status: 409, code: 'DOCK_APP_ORIGIN_TAKEN' })
    expect(await db.selectFrom('dock_apps').select('id').execute()).toEqual([{ id: 'other' }])
  })
})
