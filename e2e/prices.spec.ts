import { expect, test } from '@playwright/test'
import { type CoinGeckoStub, startCoinGeckoStub } from '@stratos/chains/prices-stub'
import { watchCspViolations } from './cspViolations.js'
import { signUp } from './people.js'
import { type Stack, startStack } from './stack.js'

const KEY = 'CG-e2e-key-71c3a9d0'

let stack: Stack
let coinGecko: CoinGeckoStub
test.beforeAll(async () => {
  // The CoinGecko stub on 127.0.0.1, wanting a paid plan's key in its header.
  coinGecko = await startCoinGeckoStub({
    apiKey: KEY,
    apiKeyHeader: 'x-cg-pro-api-key',
    prices: { bitcoin: { usd: 67187.3358936566 }, ethereum: { usd: 3500.25 } },
  })
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
  await coinGecko?.stop()
})

test('an admin turns prices on against the CoinGecko stub; the key is never shown; wallets get prices', async ({
  browser,
}) => {
  test.setTimeout(180_000)
  const ada = await signUp(browser, stack.enrollLink!, 'Ada Admin')
  const csp = watchCspViolations(ada)
  // Before any setting, a wallet gets every price as unavailable (and a 200).
  const off = await ada.request.get(`${stack.url}/api/prices?ids=bitcoin`)
  expect(off.status()).toBe(200)
  expect((await off.json()).prices.bitcoin).toEqual({ status: 'unavailable', reason: 'not_configured' })

  await ada.getByRole('link', { name: 'Admin' }).click()
  const card = ada.getByRole('region', { name: 'Prices' })
  await expect(card.locator('.pill')).toHaveText('Off')
  await expect(card.getByText('None (keyless access)')).toBeVisible()
  await expect(card.getByLabel('API base URL')).toHaveValue('https://api.coingecko.com/api/v3')

  await card.getByLabel('Prices', { exact: true }).selectOption('on')
  await card.getByLabel('API base URL').fill(coinGecko.baseUrl)
  await card.getByLabel('Key header').selectOption('x-cg-pro-api-key')

  // A wrong key: the provider's refusal, and nothing saved.
  await card.getByLabel('API key').fill('CG-wrong-key')
  await card.getByRole('button', { name: 'Save prices' }).click()
  await expect(card.getByRole('alert')).toContainText(
    /Not saved: .*answered HTTP 401.*check the API key and its header/,
  )
  await expect(card.locator('.pill')).toHaveText('Off')

  // The right key (after the passkey confirms the change): saved, and shown only as set.
  await card.getByLabel('API key').fill(KEY)
  await card.getByLabel('Keep prices for (seconds)').fill('120')
  await card.getByRole('button', { name: 'Save prices' }).click()
  await expect(card.getByRole('status')).toHaveText(
    'Saved. The provider answers and prices in USD; prices are kept 120 s.',
  )
  await expect(card.locator('.pill')).toHaveText('On')
  await expect(card.getByText('Set (never shown again)')).toBeVisible()
  await expect(card.getByLabel('API key')).toHaveValue('')
  expect(await ada.content()).not.toContain(KEY)

  // Wallets now get prices, in the instance's currency.
  const on = await ada.request.get(`${stack.url}/api/prices?ids=bitcoin,ethereum`)
  expect(on.status()).toBe(200)
  expect(await on.json()).toMatchObject({
    currency: 'usd',
    prices: {
      bitcoin: { status: 'ok', price: '67187.3358936566', stale: false },
      ethereum: { status: 'ok', price: '3500.25', stale: false },
    },
  })
  expect(stack.output()).not.toContain(KEY)

  // The admin gives a network's coin its price id; the wallet shows a balance's value beside it.
  const networks = ada.getByRole('region', { name: 'Networks' })
  await networks
    .getByRole('row')
    .filter({ hasText: 'evm-31338' })
    .getByRole('button', { name: 'Edit' })
    .click()
  const form = ada.getByRole('form', { name: 'Change Anvil 2' })
  await form.getByLabel('Price id').fill('ethereum')
  await form.getByRole('button', { name: 'Save changes' }).click()
  await expect(form).toHaveCount(0, { timeout: 30_000 })
  await ada.goto(new URL('/dashboard', stack.url).href)
  const wallet = ada.getByTestId('network-evm-31338')
  await wallet.getByRole('button', { name: 'Get test ETH' }).click()
  await expect(wallet.getByTestId('balance-evm-31338-ETH')).toHaveText('1', { timeout: 60_000 })
  const ethRow = wallet.getByRole('row').filter({ has: ada.getByRole('rowheader', { name: 'ETH' }) })
  await expect(ethRow).toContainText('$3,500.25')
  // A token without a price id says so once held; the portfolio totals what has a price.
  await wallet.getByRole('button', { name: 'Get test tUSDC' }).click()
  await expect(wallet.getByTestId('balance-evm-31338-tUSDC')).toHaveText('1000', { timeout: 60_000 })
  await expect(
    wallet.getByRole('row').filter({ has: ada.getByRole('rowheader', { name: 'tUSDC' }) }),
  ).toContainText('unavailable')
  await expect(ada.getByTestId('portfolio-total')).toHaveText('$3,500.25')
  await expect(ada.getByRole('region', { name: 'Portfolio' })).toContainText(
    '1 holding without a price left out',
  )
  expect(csp).toEqual([])
})
