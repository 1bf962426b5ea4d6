import { type Browser, expect, type Page, test } from '@playwright/test'
import { formatAmount } from '@stratos/chains'
import { createPublicClient, type Hex, http, parseEther } from 'viem'
import { watchCspViolations } from './cspViolations.js'
import { addVirtualAuthenticator, type VirtualAuthenticator } from './passkeys.js'
import { CHAINS, readAddresses } from './people.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

interface Person {
  page: Page
  authenticator: VirtualAuthenticator
  close(): Promise<void>
}

/**
 * A person with their own browser profile and their own passkey device. Closing checks that the
 * Content-Security-Policy blocked nothing the app did meanwhile.
 */
async function newPerson(browser: Browser, options: { hasPrf?: boolean } = {}): Promise<Person> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const cspViolations = watchCspViolations(page)
  const authenticator = await addVirtualAuthenticator(page, options)
  return {
    page,
    authenticator,
    async close() {
      await context.close()
      expect(cspViolations, 'Content-Security-Policy violations').toEqual([])
    },
  }
}

async function createAccount(page: Page, name: string, url = stack.url): Promise<void> {
  await page.goto(url)
  await page.getByLabel(/name/i).fill(name)
  await page.getByRole('button', { name: 'Create account' }).click()
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
}

async function signIn(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click()
}

test('create account shows six addresses, and signing in again gives the same six', async ({ browser }) => {
  const alice = await newPerson(browser)
  await createAccount(alice.page, 'Alice')
  const first = await readAddresses(alice.page)
  expect(first.evm).toMatch(/^0x[0-9a-fA-F]{40}$/)
  expect(first.bitcoin).toMatch(/^bc1q/)
  expect(first.tron).toMatch(/^T/)
  expect(first.canton).toMatch(/1220[0-9a-f]{64}/)
  expect(new Set(Object.values(first)).size).toBe(6)

  await signOut(alice.page)
  await signIn(alice.page)
  expect(await readAddresses(alice.page)).toEqual(first)

  // The passkey was used for create, the PRF confirmation, and the sign-in.
  const [credential] = await alice.authenticator.credentials()
  expect(credential?.signCount).toBeGreaterThanOrEqual(2)
  await alice.close()
})

test('a second authenticator is a different user with different addresses', async ({ browser }) => {
  const alice = await newPerson(browser)
  const bob = await newPerson(browser)
  await createAccount(alice.page, 'Alice 2')
  await createAccount(bob.page, 'Bob 2')
  const a = await readAddresses(alice.page)
  const b = await readAddresses(bob.page)
  for (const chain of CHAINS) expect(a[chain]).not.toBe(b[chain])
  await expect(bob.page.getByText('Bob 2')).toBeVisible()
  await alice.close()
  await bob.close()
})

test('get test ETH, send 0.5 ETH after a review screen, and both balances are right on the chain', async ({
  browser,
}) => {
  const alice = await newPerson(browser)
  const bob = await newPerson(browser)
  await createAccount(alice.page, 'Alice 3')
  await createAccount(bob.page, 'Bob 3')
  const a = await readAddresses(alice.page)
  const b = await readAddresses(bob.page)
  const chain = createPublicClient({ transport: http(stack.evmRpcUrl) })
  // The instance's first network: the anvil of EVM_RPC_URL.
  const card = alice.page.getByTestId('network-evm-31337')
  const balance = card.getByTestId('balance-evm-31337-ETH')

  await card.getByRole('button', { name: 'Get test ETH' }).click()
  await expect(balance).toHaveText('1')
  const funded = await chain.getBalance({ address: a.evm as Hex })
  expect(funded).toBe(parseEther('1'))

  await card.getByRole('button', { name: 'Send' }).click()
  await card.getByLabel('Recipient address').fill(b.evm)
  await card.getByLabel(/amount/i).fill('0.5')
  await card.getByRole('button', { name: 'Review' }).click()
  // The review screen names the recipient, the amount and the fee before anything is signed.
  await expect(card.getByTestId('review-to')).toHaveText(b.evm)
  await expect(card.getByTestId('review-amount')).toHaveText('0.5 ETH')
  await expect(card.getByTestId('review-fee')).toHaveText(/ETH$/)
  expect(await chain.getBalance({ address: b.evm as Hex })).toBe(0n)
  await card.getByRole('button', { name: 'Confirm and send' }).click()

  const outcome = card.getByTestId('transfer-outcome')
  await expect(outcome.locator('strong')).toHaveText('Sent')
  const txHash = /0x[0-9a-f]{64}/.exec((await outcome.textContent()) ?? '')![0] as Hex
  const receipt = await chain.getTransactionReceipt({ hash: txHash })
  expect(receipt.status).toBe('success')
  const fee = receipt.gasUsed * receipt.effectiveGasPrice
  expect(await chain.getBalance({ address: b.evm as Hex })).toBe(parseEther('0.5'))
  expect(await chain.getBalance({ address: a.evm as Hex })).toBe(parseEther('1') - parseEther('0.5') - fee)
  await expect(balance).toHaveText(
    formatAmount({ value: parseEther('0.5') - fee, decimals: 18, maxFractionDigits: 8 }),
  )
  await alice.close()
  await bob.close()
})

test('a passkey without PRF gets a clear page saying what to use instead, and no account', async ({
  browser,
}) => {
  const carol = await newPerson(browser, { hasPrf: false })
  await createAccount(carol.page, 'Carol')
  await expect(carol.page.getByRole('heading', { name: /passkey/i })).toBeVisible()
  await expect(carol.page.getByText(/security key/i).first()).toBeVisible()
  await expect(carol.page.getByText(/Chrome|Safari|Edge/).first()).toBeVisible()
  // Nothing was committed: the browser has no session.
  const me = await carol.page.request.get(`${stack.url}/api/me`)
  expect(me.status()).toBe(401)
  await carol.close()
})
