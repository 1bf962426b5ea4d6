import { expect, type Page, test } from '@playwright/test'
import { addVirtualAuthenticator } from './passkeys.js'
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

/** The base64url id of an authenticator's only credential (DevTools reports standard base64). */
async function credentialId(authenticator: { credentials(): Promise<Array<{ credentialId: string }>> }) {
  const [credential] = await authenticator.credentials()
  return Buffer.from(credential!.credentialId, 'base64').toString('base64url')
}

/** The next change to a passkey: `method` on `/api/me/credentials/...` (POST: the verify of an add). */
function nextCredentialChange(page: Page, method: 'POST' | 'PATCH' | 'DELETE') {
  return page.waitForRequest((r) => {
    const path = new URL(r.url()).pathname
    return (
      r.method() === method &&
      (method === 'POST' ? path === '/api/me/credentials/verify' : path.startsWith('/api/me/credentials/'))
    )
  })
}

test('rename and remove a backup passkey, each confirmed by a step-up; the last passkey cannot be removed', async ({
  browser,
}) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const first = await addVirtualAuthenticator(page)
  await page.goto(stack.url)
  await page.getByLabel(/name/i).fill('Fay')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(passkeyList(page)).toHaveCount(1)

  // The only passkey: Remove is refused up front, with the reason.
  await expect(page.getByRole('button', { name: 'Remove Original passkey' })).toBeDisabled()
  await expect(
    page.getByText('Original passkey is your only passkey: removing it would lose the wallet.'),
  ).toBeVisible()

  const backup = await addVirtualAuthenticator(page, { transport: 'usb' })
  const added = nextCredentialChange(page, 'POST')
  await page.getByRole('button', { name: 'Add backup passkey' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Backup passkey added' })).toBeVisible()
  // The first passkey (the only one allowed) answered the step-up.
  expect((await added).postDataJSON().stepUp).toEqual({
    challengeId: expect.any(String),
    response: expect.objectContaining({ id: await credentialId(first) }),
  })
  await expect(passkeyList(page)).toHaveCount(2)

  // Rename the backup.
  await page.getByRole('button', { name: 'Rename Backup passkey' }).click()
  await page.getByLabel('Name for Backup passkey').fill('  Blue key ')
  const renamed = nextCredentialChange(page, 'PATCH')
  await page.getByRole('button', { name: 'Save name' }).click()
  const renameBody = (await renamed).postDataJSON()
  expect(renameBody).toEqual({
    name: 'Blue key',
    stepUp: expect.objectContaining({ challengeId: expect.any(String) }),
  })
  await expect(page.getByRole('status').filter({ hasText: 'Passkey renamed to “Blue key”' })).toBeVisible()
  await expect(passkeyList(page).nth(1)).toContainText('Blue key')
  await expect(passkeyList(page).nth(1)).toContainText('Backup passkey')

  // Remove it: confirm, then the step-up.
  await page.getByRole('button', { name: 'Remove Blue key' }).click()
  await expect(page.getByText('It will no longer open your wallet.')).toBeVisible()
  const removed = nextCredentialChange(page, 'DELETE')
  await page.getByRole('button', { name: 'Remove passkey' }).click()
  expect((await removed).postDataJSON().stepUp.challengeId).toEqual(expect.any(String))
  await expect(page.getByRole('status').filter({ hasText: 'Passkey removed' })).toBeVisible()
  await expect(passkeyList(page)).toHaveCount(1)
  await expect(passkeyList(page).first()).toContainText('Original passkey')
  await expect(page.getByRole('button', { name: 'Remove Original passkey' })).toBeDisabled()

  // The server keeps only the first passkey.
  const me = await (await page.request.get(`${stack.url}/api/me`)).json()
  expect(me.credentials.map((c: { id: string }) => c.id)).toEqual([await credentialId(first)])
  expect(await backup.credentials()).toHaveLength(1)
  await context.close()
})
