import { expect } from 'vitest'
import { ensureAdminEnrollment } from '../enrollment/ensureAdminEnrollment.js'
import { register } from './ceremonies.js'
import { testAddresses } from './testAddresses.js'
import type { TestApp } from './testApp.js'
import type { TestClient } from './testClient.js'

/**
 * An app with a signed-in admin (Ada, enrolled through the admin enrollment link, whose browser
 * answers step-ups) and a signed-in user (Uma).
 */
export async function adminAndUser(
  t: TestApp,
): Promise<{ admin: TestClient; user: TestClient; adminId: string }> {
  const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
  const admin = t.browser()
  const registered = await register(admin.client, admin.authenticator, {
    displayName: 'Ada',
    enrollToken: token,
    addresses: testAddresses(1),
  })
  expect(registered.status).toBe(200)
  const user = t.browser()
  await register(user.client, user.authenticator, { displayName: 'Uma', addresses: testAddresses(2) })
  return { admin: admin.client, user: user.client, adminId: registered.body.user.id }
}
