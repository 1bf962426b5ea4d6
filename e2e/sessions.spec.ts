import { expect, test } from '@playwright/test'
import { signInElsewhere, signUp } from './people.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

test('revoking a session from another browser signs that browser out at its next request', async ({
  browser,
}) => {
  // The first browser creates the account; a second browser holds the same passkey (synced).
  const first = await signUp(browser, stack.url, 'Sam')
  const second = await signInElsewhere(browser, stack.url, first)
  const secondSessions = second.getByRole('list', { name: 'Your sessions' }).getByRole('listitem')
  await expect(secondSessions).toHaveCount(2)
  expect((await second.request.get(`${stack.url}/api/me`)).status()).toBe(200)

  // The first browser sees both sessions, marks its own, and revokes the other.
  await first.reload()
  const sessions = first.getByRole('list', { name: 'Your sessions' }).getByRole('listitem')
  await expect(sessions).toHaveCount(2)
  const own = sessions.filter({ hasText: 'This device' })
  await expect(own).toHaveCount(1)
  await expect(own.getByRole('button', { name: /Revoke/ })).toHaveCount(0)
  await expect(own).toContainText(/IP (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/)
  await expect(own).toContainText('Chrome')
  const other = sessions.filter({ hasNotText: 'This device' })
  await expect(other).toContainText(/Signed in .*Last seen/)
  await other.getByRole('button', { name: /Revoke/ }).click()
  await expect(first.getByRole('status').filter({ hasText: /Signed out Chrome/ })).toBeVisible()
  await expect(sessions).toHaveCount(1)
  await expect(first.getByRole('button', { name: 'Sign out all other sessions' })).toHaveCount(0)

  // The second browser's next API call is refused, and the app returns to the sign-in screen.
  const refused = await second.request.get(`${stack.url}/api/me/sessions`)
  expect(refused.status()).toBe(401)
  expect((await refused.json()).code).toBe('UNAUTHENTICATED')
  await second.reload()
  await expect(second.getByRole('button', { name: 'Sign in' })).toBeVisible()
  // The first stays signed in.
  expect((await first.request.get(`${stack.url}/api/me`)).status()).toBe(200)

  await second.context().close()
  await first.context().close()
})
