import { expect, type Page, test } from '@playwright/test'
import { addVirtualAuthenticator } from './passkeys.js'
import { readAddresses } from './people.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

function passkeyList(page: Page) {
  return page.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem')
}

test('a backup passkey on a second authenticator opens the same wallet once the first is gone', async ({
  browser,
}) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const first = await addVirtualAuthenticator(page)

  await page.goto(stack.url)
  await page.getByLabel(/name/i).fill('Dana')
  await page.getByRole('button', { name: 'Create account' }).click()
  const addresses = await readAddresses(page)
  await expect(passkeyList(page)).toHaveCount(1)
  await expect(passkeyList(page).first()).toContainText('Original passkey')

  // The second device: a security key plugged into the same browser.
  const backup = await addVirtualAuthenticator(page, { transport: 'usb' })
  await page.getByRole('button', { name: 'Add backup passkey' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Backup passkey added' })).toBeVisible()
  await expect(passkeyList(page)).toHaveCount(2)
  await expect(passkeyList(page).nth(1)).toContainText('Backup passkey')
  expect(await first.credentials()).toHaveLength(1)
  expect(await backup.credentials()).toHaveLength(1)

  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  // The first passkey is lost.
  await first.remove()

  const loginVerify = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login/verify')
  await page.getByRole('button', { name: 'Sign in' }).click()
  const login = await (await loginVerify).json()
  expect(login.unlock.wrappedEntropy).toEqual({
    iv: expect.stringMatching(/^[\w-]{16}$/),
    ciphertext: expect.stringMatching(/^[\w-]{64}$/),
  })
  expect(await readAddresses(page)).toEqual(addresses)
  await expect(page.getByText('Unlocked', { exact: true })).toBeVisible()
  await expect(passkeyList(page)).toHaveCount(2)
  await expect(passkeyList(page).nth(1)).toContainText('Last used')
  await context.close()
})

test('adding a backup needs the unlocked wallet, another authenticator, and PRF', async ({ browser }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const first = await addVirtualAuthenticator(page)
  await page.goto(stack.url)
  await page.getByLabel(/name/i).fill('Erin')
  await page.getByRole('button', { name: 'Create account' }).click()
  await readAddresses(page)

  // Locked: no button, and the card says why.
  await page.getByRole('button', { name: 'Lock', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Add backup passkey' })).toHaveCount(0)
  await expect(page.getByText(/To add a backup passkey, unlock your wallet first/)).toBeVisible()
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('button', { name: 'Add backup passkey' })).toBeVisible()

  // The only authenticator already holds this wallet's passkey: refused, nothing added.
  await page.getByRole('button', { name: 'Add backup passkey' }).click()
  await expect(page.getByRole('region', { name: 'Passkeys' }).getByRole('alert')).toContainText(
    /already holds a passkey for your wallet/,
  )
  expect(await first.credentials()).toHaveLength(1)

  // A security key without PRF: the NO-PRF page, and nothing was stored.
  await addVirtualAuthenticator(page, { transport: 'usb', hasPrf: false })
  await page.getByRole('button', { name: 'Add backup passkey' }).click()
  await expect(page.getByRole('heading', { name: /can't unlock a wallet/ })).toBeVisible()
  await expect(page.getByText('No backup passkey was added and nothing was saved.')).toBeVisible()
  const me = await (await page.request.get(`${stack.url}/api/me`)).json()
  expect(me.credentials).toHaveLength(1)
  await page.getByRole('button', { name: 'Try again' }).click()
  await expect(passkeyList(page)).toHaveCount(1)
  await context.close()
})
