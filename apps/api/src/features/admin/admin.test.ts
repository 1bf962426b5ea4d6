import { describe, expect, test } from 'vitest'
import { ensureAdminEnrollment } from '../../enrollment/ensureAdminEnrollment.js'
import { register } from '../../testing/ceremonies.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp } from '../../testing/testApp.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'

describe.each(API_TARGETS)('/api/admin on %s', (kind) => {
  const databases = useTestDatabases(kind)

  test('behavior: an admin lists users; a user is 403 FORBIDDEN; nobody is 401', async () => {
    const t = createTestApp(await databases.fresh())
    const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
    const admin = t.browser()
    await register(admin.client, admin.authenticator, {
      displayName: 'Ada',
      enrollToken: token,
      addresses: testAddresses(1),
    })
    t.advance(1)
    const user = t.browser()
    await register(user.client, user.authenticator, { displayName: 'Uma', addresses: testAddresses(2) })

    const list = await admin.client.get('/api/admin/users')
    expect(list.status).toBe(200)
    expect(
      list.body.users.map((u: { displayName: string; role: string }) => [u.displayName, u.role]),
    ).toEqual([
      ['Uma', 'user'],
      ['Ada', 'admin'],
    ])

    const forbidden = await user.client.get('/api/admin/users')
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.code).toBe('FORBIDDEN')

    const anonymous = await t.browser().client.get('/api/admin/users')
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.code).toBe('UNAUTHENTICATED')
  })
})
