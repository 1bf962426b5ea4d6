import { type Browser, expect, type Page, test } from '@playwright/test'
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

/** A browser profile of its own with its own passkey device (a platform authenticator with PRF). */
async function newDevice(browser: Browser): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await addVirtualAuthenticator(page)
  return page
}

/** Creates an account; the unlocked dashboard publishes the person's guardian key. */
async function createAccount(browser: Browser, name: string): Promise<Page> {
  const page = await newDevice(browser)
  await page.goto(stack.url)
  await page.getByLabel(/name/i).fill(name)
  await page.getByRole('button', { name: 'Create account' }).click()
  await readAddresses(page)
  await expect
    .poll(async () => (await (await page.request.get(`${stack.url}/api/me/recovery`)).json()).guardianKey)
    .toMatch(/^[\w-]{43}$/)
  return page
}

/** Reloads a dashboard (to see new requests now) and unlocks it again with the passkey. */
async function reloadUnlocked(page: Page): Promise<void> {
  await page.reload()
  await page.getByRole('button', { name: 'Unlock' }).click()
  await readAddresses(page)
}

async function startRecovery(browser: Browser, account: string): Promise<{ page: Page; code: string }> {
  const page = await newDevice(browser)
  await page.goto(stack.url)
  await page.getByRole('link', { name: 'Recover my wallet' }).click()
  await page.getByLabel('Your name or account id').fill(account)
  await page.getByRole('button', { name: 'Start recovery' }).click()
  const code = (await page.getByTestId('recovery-code').textContent())!.trim()
  expect(code).toMatch(/^\d{4}-\d{4}$/)
  await expect(page.getByTestId('recovery-progress')).toHaveText('0 of 2 guardian approvals')
  return { page, code }
}

/** A guardian sees the request with the device's code, computed in their own browser, and approves. */
async function approve(guardian: Page, owner: string, code: string): Promise<void> {
  await reloadUnlocked(guardian)
  const card = guardian.getByRole('region', { name: 'Guardian requests' })
  await expect(card.getByTestId('guardian-code')).toHaveText(code)
  await card.getByRole('button', { name: `Approve recovery of ${owner}` }).click()
  await expect(card.getByText('Approved')).toBeVisible()
}

test('2-of-3 guardian recovery gives the same six addresses on a new passkey; one approval does not complete it', async ({
  browser,
}) => {
  const owner = await createAccount(browser, 'Olivia')
  const addresses = await readAddresses(owner)
  const [gus, gina, gale] = [
    await createAccount(browser, 'Gus'),
    await createAccount(browser, 'Gina'),
    await createAccount(browser, 'Gale'),
  ] as [Page, Page, Page]

  await owner.getByLabel(/Guardians/).fill('Gus, Gina, Gale')
  await owner.getByLabel('Approvals needed').fill('2')
  await owner.getByRole('button', { name: 'Save guardians' }).click()
  await expect(owner.getByRole('status').filter({ hasText: 'Guardians saved' })).toBeVisible()
  await expect(owner.getByTestId('recovery-setup')).toHaveText('Any 2 of 3 guardians: Gus, Gina, Gale')

  // Olivia lost her passkey: a new device with a new authenticator starts the recovery.
  const device = await startRecovery(browser, 'Olivia')

  // Her open session is told, with the same code.
  await owner.reload()
  const banner = owner.getByRole('alert', { name: 'Recovery in progress' })
  await expect(banner).toContainText(device.code)
  await expect(banner).toContainText('0 of 2 guardian approvals')

  // One approval: the device waits and cannot create its passkey.
  await approve(gus, 'Olivia', device.code)
  await expect(device.page.getByTestId('recovery-progress')).toHaveText('1 of 2 guardian approvals')
  await expect(device.page.getByRole('button', { name: 'Create my new passkey' })).toHaveCount(0)
  const me = await device.page.request.get(`${stack.url}/api/me`)
  expect(me.status()).toBe(401)

  // The second approval: the device combines the pieces, checks the addresses, makes its passkey.
  await approve(gina, 'Olivia', device.code)
  await device.page.getByRole('button', { name: 'Create my new passkey' }).click()
  await expect(device.page).toHaveURL(/\/dashboard$/)
  expect(await readAddresses(device.page)).toEqual(addresses)
  await expect(device.page.getByText('Unlocked', { exact: true })).toBeVisible()

  // Signed out and in again on the new device: its passkey alone opens the same wallet.
  await device.page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await device.page.getByRole('button', { name: 'Sign in' }).click()
  expect(await readAddresses(device.page)).toEqual(addresses)

  // Another recovery with one approval never completes, and Olivia cancels it ("this wasn't me").
  const second = await startRecovery(browser, 'Olivia')
  await approve(gale, 'Olivia', second.code)
  await expect(second.page.getByTestId('recovery-progress')).toHaveText('1 of 2 guardian approvals')
  await owner.reload()
  await owner.getByRole('button', { name: 'This wasn’t me — cancel' }).click()
  await expect(owner.getByRole('alert', { name: 'Recovery in progress' })).toHaveCount(0)
  await expect(second.page.getByTestId('recovery-progress')).toHaveText(
    'This recovery is cancelled. Start again.',
  )
  await expect(second.page.getByRole('button', { name: 'Create my new passkey' })).toHaveCount(0)
})
