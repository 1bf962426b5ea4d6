import { expect, type Locator, type Page, test } from '@playwright/test'
import { addVirtualAuthenticator } from './passkeys.js'
import { type Stack, startStack } from './stack.js'

// Canton DeFi end to end: `stratos dev` runs the API, canton-devnet, anvil, etcd and a dev relayer.
// The user's browser verifies and signs the DeFiIntent; the relayer executes it through the vault on
// anvil and marks it on Canton; the wallet shows the outcome.

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

/** The relayer polls Canton, signs, broadcasts and waits for confirmation: give it time. */
const RELAYER_TIMEOUT = 90_000

interface DefiStatus {
  vault: { address: string; chainId: number } | null
  intents: { status: string }[]
}

async function defiStatus(page: Page): Promise<DefiStatus> {
  const res = await page.request.get(`${stack.url}/api/defi`)
  expect(res.status()).toBe(200)
  return (await res.json()) as DefiStatus
}

/** Opens the action form, fills it, and asks for the review (prepare + browser verification). */
async function startAction(defi: Locator, action: string, fields: Record<string, string>) {
  await defi.getByRole('button', { name: 'New action' }).click()
  await defi.getByLabel('Action', { exact: true }).selectOption({ label: action })
  for (const [label, value] of Object.entries(fields)) {
    const field = defi.getByLabel(label, { exact: true })
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value)
    else await field.fill(value)
  }
  await defi.getByRole('button', { name: 'Review' }).click()
}

async function confirmAndSign(defi: Locator, review: Locator) {
  await review.getByRole('button', { name: 'Confirm and sign' }).click()
  const submitted = defi.getByRole('status').filter({ hasText: 'Submitted' })
  await expect(submitted).toBeVisible()
  await expect(submitted.getByTestId('defi-intent-id')).toHaveText(/^0x[0-9a-f]{64}$/)
  await submitted.getByRole('button', { name: 'Done' }).click()
}

test('a Canton party supplies to Aave through its vault, a swap below its minimum fails, tampered prepares are refused', async ({
  browser,
}) => {
  test.setTimeout(360_000)
  const context = await browser.newContext()
  const page = await context.newPage()
  await addVirtualAuthenticator(page)
  const executes: string[] = []
  page.on('request', (request) => {
    if (request.url().endsWith('/api/canton/execute')) executes.push(request.url())
  })

  await page.goto(stack.url)
  await page.getByLabel(/name/i).fill('Dana')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByTestId('canton-party')).toHaveText(/^dana::1220[0-9a-f]{64}$/, { timeout: 60_000 })

  // A test vault for the party, with its balances read from the chain.
  const defi = page.getByTestId('defi-card')
  await defi.getByRole('button', { name: 'Create test vault' }).click()
  const balances = defi.getByRole('list', { name: 'Vault balances' })
  await expect(balances).toBeVisible({ timeout: 60_000 })
  const usdc = defi.getByTestId('defi-balance-tUSDC')
  await expect(usdc).toHaveText(/^\d+$/)
  await expect(defi.getByTestId('defi-balance-tWETH')).toBeVisible()
  const usdcBefore = Number(await usdc.textContent())
  expect(usdcBefore).toBeGreaterThanOrEqual(1000)
  const { vault } = await defiStatus(page)
  expect(vault).not.toBeNull()

  // Supply 100 tUSDC to Aave: the review shows what the browser decoded and checked.
  await startAction(defi, 'Supply to Aave v3', { Token: 'tUSDC', 'Amount (tUSDC)': '100' })
  const review = defi.getByRole('region', { name: 'Review: supply to Aave v3' })
  await expect(review.getByTestId('defi-review-action')).toHaveText('Supply to Aave v3')
  await expect(review.getByTestId('defi-review-amount')).toHaveText('100 tUSDC')
  await expect(review.getByTestId('defi-review-vault')).toHaveText(new RegExp(`^${vault?.address}$`, 'i'))
  await expect(review.getByTestId('defi-review-chain')).toHaveText(String(vault?.chainId))
  await confirmAndSign(defi, review)

  const intents = defi.getByTestId('defi-intent')
  await expect(intents).toHaveCount(1)
  const supply = intents.first()
  await expect(supply).toContainText('Supply to Aave v3')
  await expect(supply).toContainText('100 tUSDC')
  await expect(supply).toHaveAttribute('data-status', /pending|executed/)
  await expect(supply).toHaveAttribute('data-status', 'executed', { timeout: RELAYER_TIMEOUT })
  await expect(supply.getByRole('cell').first()).toHaveText('Executed')
  await expect(supply.getByTestId('defi-intent-tx')).toHaveAttribute('title', /^0x[0-9a-f]{64}$/)
  await expect(supply.getByRole('button', { name: 'Copy transaction hash' })).toBeVisible()
  await expect(usdc).toHaveText(String(usdcBefore - 100), { timeout: 20_000 })

  // A swap that cannot return its minimum (10 tUSDC buys far less than 1000 tWETH) fails on chain.
  await startAction(defi, 'Swap on Uniswap v3', {
    'Token in': 'tUSDC',
    'Token out': 'tWETH',
    'Amount in (tUSDC)': '10',
    'Minimum received (tWETH)': '1000',
  })
  const swapReview = defi.getByRole('region', { name: 'Review: swap on Uniswap v3' })
  await expect(swapReview.getByTestId('defi-review-amount')).toHaveText(['10 tUSDC', '1000 tWETH'])
  await confirmAndSign(defi, swapReview)
  await expect(intents).toHaveCount(2)
  const swap = intents.first()
  await expect(swap).toContainText('Swap on Uniswap v3')
  await expect(swap).toHaveAttribute('data-status', 'failed', { timeout: RELAYER_TIMEOUT })
  await expect(swap.getByRole('cell').first()).toHaveText('Failed')
  await expect(swap.getByRole('cell').last()).not.toHaveText(/^(—|)$/)
  await expect(usdc).toHaveText(String(usdcBefore - 100))
  expect(executes).toHaveLength(2)

  // A server that prepares another amount (a correctly hashed intent for 1000 tUSDC) is refused.
  await page.route('**/api/defi/intents/prepare', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>
    await route.continue({ postData: JSON.stringify({ ...body, amount: '1000' }) })
  })
  await startAction(defi, 'Supply to Aave v3', { Token: 'tUSDC', 'Amount (tUSDC)': '100' })
  await expect(defi.getByRole('alert')).toHaveText(
    'The transaction the server prepared does not do what you asked (another action, token or amount); nothing was signed',
  )
  await expect(defi.getByRole('region', { name: /^Review/ })).toHaveCount(0)
  await page.unroute('**/api/defi/intents/prepare')
  await defi.getByRole('button', { name: 'Cancel' }).click()

  // A server whose hash is not the transaction's is refused.
  await page.route('**/api/defi/intents/prepare', async (route) => {
    const response = await route.fetch()
    const body = (await response.json()) as { preparedTransactionHash: string }
    const hash = Buffer.from(body.preparedTransactionHash, 'base64')
    hash[0] = (hash[0] as number) ^ 0xff
    await route.fulfill({ response, json: { ...body, preparedTransactionHash: hash.toString('base64') } })
  })
  await startAction(defi, 'Supply to Aave v3', { Token: 'tUSDC', 'Amount (tUSDC)': '100' })
  await expect(defi.getByRole('alert')).toHaveText(
    'The transaction the server prepared does not match its hash; nothing was signed',
  )
  await expect(defi.getByRole('region', { name: /^Review/ })).toHaveCount(0)
  await page.unroute('**/api/defi/intents/prepare')

  // Nothing was signed or executed for the refused prepares.
  expect(executes).toHaveLength(2)
  await expect(intents).toHaveCount(2)
  expect(await defiStatus(page)).toMatchObject({
    intents: [{ status: 'failed' }, { status: 'executed' }],
  })
  await expect(usdc).toHaveText(String(usdcBefore - 100))
  await context.close()
})
