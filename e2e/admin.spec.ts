import { expect, test } from '@playwright/test'
import { addVirtualAuthenticator } from './passkeys.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

test('the enrollment link printed on first start makes its first user the admin, once', async ({
  browser,
}) => {
  expect(stack.enrollLink).toMatch(/\/enroll#token=/)

  const adminContext = await browser.newContext()
  const admin = await adminContext.newPage()
  await addVirtualAuthenticator(admin)
  await admin.goto(stack.enrollLink!)
  await admin.getByLabel(/name/i).fill('Ada Admin')
  await admin.getByRole('button', { name: 'Create account' }).click()
  await expect(admin.getByTestId('address-evm')).not.toBeEmpty()
  await expect(admin.getByText(/admin/i).first()).toBeVisible()
  const me = await (await admin.request.get(`${stack.url}/api/me`)).json()
  expect(me.user.role).toBe('admin')

  // The same link in another browser no longer makes an admin.
  const otherContext = await browser.newContext()
  const other = await otherContext.newPage()
  await addVirtualAuthenticator(other)
  await other.goto(stack.enrollLink!)
  await other.getByLabel(/name/i).fill('Mallory')
  await other.getByRole('button', { name: 'Create account' }).click()
  await expect(other.getByRole('alert')).toContainText(/enrollment/i)
  expect((await other.request.get(`${stack.url}/api/me`)).status()).toBe(401)

  // Someone who registers normally is a user.
  await other.goto(stack.url)
  await other.getByLabel(/name/i).fill('Uma User')
  await other.getByRole('button', { name: 'Create account' }).click()
  await expect(other.getByTestId('address-evm')).not.toBeEmpty()
  const uma = await (await other.request.get(`${stack.url}/api/me`)).json()
  expect(uma.user.role).toBe('user')
  await adminContext.close()
  await otherContext.close()
})
