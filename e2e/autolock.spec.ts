import { expect, test } from '@playwright/test'
import { addVirtualAuthenticator } from './passkeys.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack({ AUTO_LOCK_SECONDS: '3' })
})
test.afterAll(async () => {
  await stack?.stop()
})

test('after inactivity the wallet locks (keys dropped), and the passkey unlocks it again', async ({
  page,
}) => {
  await addVirtualAuthenticator(page)
  await page.goto(stack.url)
  await page.getByLabel(/name/i).fill('Idle Ida')
  await page.getByRole('button', { name: 'Create account' }).click()
  const evm = (await page.getByTestId('address-evm').textContent())?.trim()
  expect(evm).toMatch(/^0x/)

  // No input for longer than the auto-lock time.
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible({ timeout: 15_000 })
  await expect(page.getByRole('button', { name: 'Review' })).toHaveCount(0)
  // The session is still valid; only the keys are gone. The addresses stay visible.
  expect((await page.request.get(`${stack.url}/api/me`)).status()).toBe(200)
  await expect(page.getByTestId('address-evm')).toHaveText(evm!)

  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('button', { name: 'Unlock' })).toHaveCount(0)
  await expect(page.getByTestId('address-evm')).toHaveText(evm!)
})
