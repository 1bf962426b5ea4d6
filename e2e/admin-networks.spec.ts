import { expect, test } from '@playwright/test'
import { signUp } from './people.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

test('an admin adds a network: the wrong chain id is refused naming both, the right one shows in wallets', async ({
  browser,
}) => {
  test.setTimeout(120_000)
  const admin = await signUp(browser, stack.enrollLink!, 'Ada Networks')
  await admin.getByRole('link', { name: 'Admin' }).click()
  const card = admin.getByRole('region', { name: 'Networks' })
  // The dev stack's local chains are the instance's networks.
  for (const id of ['evm-31337', 'evm-31338', 'solana-local', 'bitcoin-regtest', 'tron-local', 'ton-local'])
    await expect(card.getByRole('rowheader').filter({ hasText: id })).toBeVisible()

  await card.getByRole('button', { name: 'Add a network' }).click()
  const form = admin.getByRole('form', { name: 'Add a network' })
  await form.getByLabel('Id', { exact: true }).fill('anvil-b')
  await form.getByLabel('Name', { exact: true }).fill('Anvil B')
  await form.getByLabel('Chain id').fill('1')
  await form.getByLabel('Endpoint URL').fill(stack.chains['evm-31338']!)
  await form.getByRole('button', { name: 'Add network' }).click()
  // Saving asks the endpoint: it serves chain 31338, not 1; nothing is stored.
  await expect(form.getByRole('alert')).toContainText('31338', { timeout: 30_000 })
  await expect(form.getByRole('alert')).toContainText(' 1')
  await expect(card.getByRole('rowheader').filter({ hasText: 'anvil-b' })).toHaveCount(0)

  await form.getByLabel('Chain id').fill('31338')
  await form.getByRole('button', { name: 'Add network' }).click()
  await expect(card.getByRole('rowheader').filter({ hasText: 'anvil-b' })).toBeVisible({ timeout: 30_000 })

  // Wallets list it, with a balance read through the API's proxy.
  await admin.goto(new URL('/dashboard', stack.url).href)
  const wallet = admin.getByTestId('network-anvil-b')
  await expect(wallet.getByRole('heading', { name: 'Anvil B' })).toBeVisible()
  await expect(wallet.getByTestId('balance-anvil-b-ETH')).toHaveText('0')
})
