import { expect, type Frame, type FrameLocator, test } from '@playwright/test'
import type { PublicNetwork } from '@stratos/schemas'
import {
  createPublicClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  maxUint256,
  parseEther,
  parseUnits,
  verifyTypedData,
} from 'viem'
import { type CantonPerson, partyIdOf, signUpWithCanton } from './cantonPeople.js'
import { watchCspViolations } from './cspViolations.js'
import { type Stack, startStack } from './stack.js'

/**
 * The sample dock app (apps/dock-example: mipd, viem and the Canton dApp API over
 * @stratos/dock-sdk, unchanged) in the real wallet's dock, in Debian Chromium: it finds the
 * wallet by EIP-6963, connects, sends ETH on anvil after the user approves in the wallet's review,
 * gets 4001 when the user rejects, signs typed data that viem verifies, and sends a Canton
 * token-standard transfer through CIP-0103 after the wallet's review. Then the refusals, each with
 * its standard code and nothing signed: a chain not configured for the app, a method the wallet
 * does not support, a message from outside the dock, a method outside the app's permissions; and the reviews of an unlimited ERC-20
 * approval and of a transaction that would revert.
 */

const APP = 'Example dApp'
/** anvil's second dev account: a recipient whose balance the test reads from the chain. */
const RECIPIENT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const

/** EIP-712's own example, as the sample app signs it. */
const mail = (chainId: number) =>
  ({
    domain: {
      name: 'Ether Mail',
      version: '1',
      chainId,
      verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
    },
    types: {
      Person: [
        { name: 'name', type: 'string' },
        { name: 'wallet', type: 'address' },
      ],
      Mail: [
        { name: 'from', type: 'Person' },
        { name: 'to', type: 'Person' },
        { name: 'contents', type: 'string' },
      ],
    },
    primaryType: 'Mail',
    message: {
      from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
      to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
      contents: 'Hello, Bob!',
    },
  }) as const

let stack: Stack
let alice: CantonPerson
let bob: CantonPerson
let aliceAddress: Hex
let aliceParty: string
let bobParty: string
let dock: FrameLocator
let cspViolations: string[]
/** What the wallet page logged with console.warn (the bridge reports ignored messages there). */
const warnings: string[] = []

test.describe.configure({ mode: 'serial' })

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000)
  stack = await startStack()
  expect(stack.dockExampleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
  // Alice enrols as the instance's admin (she changes the app's permissions at the end); Bob receives.
  alice = await signUpWithCanton(browser, stack.enrollLink!, 'Alice')
  bob = await signUpWithCanton(browser, stack.url, 'Bob')
  aliceAddress = (await alice.page.getByTestId('address-evm').textContent())!.trim() as Hex
  cspViolations = watchCspViolations(alice.page)
  alice.page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text())
  })

  // Test ETH on the app's chain and test USDX on Canton, from the wallet's own faucets.
  const evm = alice.page.getByTestId('network-evm-31337')
  await evm.getByRole('button', { name: 'Get test ETH' }).click()
  await expect(evm.getByTestId('balance-evm-31337-ETH')).toHaveText('1')
  aliceParty = await partyIdOf(alice, 'alice')
  bobParty = await partyIdOf(bob, 'bob')
  await alice.canton.getByRole('button', { name: 'Get test tokens' }).click()
  await expect(alice.canton.getByTestId('canton-balance')).toHaveText('100')

  // Client-side navigation: the keys stay in memory.
  await alice.page.getByRole('link', { name: 'Dock', exact: true }).click()
  await expect(alice.page.getByRole('navigation', { name: 'Dock apps' })).toBeVisible()
  dock = alice.page.frameLocator(`iframe[title="${APP}"]`)
})

test.afterAll(async () => {
  await alice?.close()
  await bob?.close()
  await stack?.stop()
})

const chain = () => createPublicClient({ transport: http(stack.chains['evm-31337']!) })

/** The wallet's dialog for a request of the sample app. */
const dialog = (asks: string) => alice.page.getByRole('dialog', { name: `${APP} asks you to ${asks}` })

/** The sample app's frame as it is now (the dock makes a new one each time it opens the app). */
async function appFrame(): Promise<Frame> {
  await expect(dock.getByText(/found by EIP-6963/)).toBeVisible()
  const frame = await (await alice.page.locator(`iframe[title="${APP}"]`).elementHandle())?.contentFrame()
  if (!frame) throw new Error('the sample app is not framed')
  return frame
}

/**
 * A request straight to the provider the app's page discovers by EIP-6963 (as any library would),
 * answered with its result or its error's code.
 */
async function requestInApp(method: string, params?: unknown): Promise<{ result?: unknown; code?: number }> {
  return (await appFrame()).evaluate(
    async ({ method, params }) => {
      type Provider = { request(args: { method: string; params?: unknown }): Promise<unknown> }
      const provider = await new Promise<Provider>((resolve) => {
        window.addEventListener(
          'eip6963:announceProvider',
          (event) => resolve((event as CustomEvent<{ provider: Provider }>).detail.provider),
          { once: true },
        )
        window.dispatchEvent(new Event('eip6963:requestProvider'))
      })
      try {
        return { result: await provider.request({ method, ...(params === undefined ? {} : { params }) }) }
      } catch (error) {
        return { code: (error as { code?: number }).code ?? -1 }
      }
    },
    { method, params },
  )
}

test('the sample app finds the wallet by EIP-6963 and connects after the user agrees', async () => {
  await expect(dock.getByText(/^Wallet: .+ \(found by EIP-6963, localhost\)$/)).toBeVisible()
  await dock.getByRole('button', { name: 'Connect', exact: true }).click()
  const connect = dialog('connect to your wallet')
  await expect(connect).toContainText(aliceAddress)
  await connect.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connect).toBeHidden()
  await expect(dock.getByTestId('evm-account')).toHaveText(aliceAddress)
  await expect(dock.getByTestId('evm-chain')).toHaveText('31337')
  await expect(dock.getByTestId('evm-balance')).toContainText('ETH')
  // The grant is listed, revocable, with the account and network the user chose.
  await expect(alice.page.getByRole('button', { name: `Revoke ${APP}` })).toBeVisible()
})

test('0.1 ETH is sent after the user approves in the review; a rejection is 4001 and sends nothing', async () => {
  const before = await chain().getBalance({ address: RECIPIENT })
  await dock.getByLabel('Recipient address').fill(RECIPIENT)
  await dock.getByLabel('Amount (ETH)').fill('0.1')
  await dock.getByRole('button', { name: 'Send', exact: true }).click()
  const review = dialog('send a transaction')
  await expect(review.getByTestId('dock-tx-to')).toHaveText(new RegExp(RECIPIENT, 'i'))
  await expect(review.getByTestId('dock-tx-value')).toContainText('0.1 ETH')
  await expect(review.getByTestId('dock-balance-changes')).toContainText('0.1 ETH')
  await review.getByRole('button', { name: 'Approve' }).click()
  await expect(dock.getByTestId('evm-tx-status')).toContainText('confirmed in block')
  expect((await chain().getBalance({ address: RECIPIENT })) - before).toBe(parseEther('0.1'))

  const nonce = await chain().getTransactionCount({ address: aliceAddress, blockTag: 'pending' })
  await dock.getByRole('button', { name: 'Send', exact: true }).click()
  await dialog('send a transaction').getByRole('button', { name: 'Reject' }).click()
  await expect(dock.getByTestId('evm-error')).toHaveText('4001 User rejected the request.')
  await expect(dock.getByTestId('evm-tx-status')).toHaveText('not sent')
  expect(await chain().getTransactionCount({ address: aliceAddress, blockTag: 'pending' })).toBe(nonce)
  expect((await chain().getBalance({ address: RECIPIENT })) - before).toBe(parseEther('0.1'))
})

test('typed data is shown field by field and its signature verifies with viem', async () => {
  await dock.getByRole('button', { name: 'Sign typed data' }).click()
  const review = dialog('sign typed data')
  await expect(review).toContainText('Ether Mail')
  await expect(review).toContainText('0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC')
  await expect(review).toContainText('Hello, Bob!')
  await review.getByRole('button', { name: 'Sign', exact: true }).click()
  await expect(dock.getByTestId('evm-verified')).toHaveText('yes')
  const signature = (await dock.getByTestId('evm-signature').textContent())!.trim() as Hex
  expect(signature).toMatch(/^0x[0-9a-f]{130}$/)
  expect(await verifyTypedData({ address: aliceAddress, ...mail(31337), signature })).toBe(true)
  // The same signature does not verify for another account: the test's check can fail.
  expect(await verifyTypedData({ address: RECIPIENT, ...mail(31337), signature })).toBe(false)
})

test('a Canton transfer through CIP-0103 executes after the user confirms the review', async () => {
  await dock.getByRole('button', { name: 'Connect Canton' }).click()
  await expect(dock.getByTestId('canton-party')).toHaveText(aliceParty)
  await expect(dock.getByTestId('canton-network')).toHaveText(/^canton:/)
  await expect(dock.getByTestId('canton-total')).toHaveText('100 USDX')

  await dock.getByLabel('Receiver party').fill(bobParty)
  await dock.getByLabel('Amount', { exact: true }).fill('12.5')
  await dock.getByRole('button', { name: 'Send on Canton' }).click()
  const review = dialog('approve a Canton transaction')
  await expect(review).toContainText(bobParty)
  await expect(review).toContainText('12.5')
  await review.getByRole('button', { name: 'Confirm and sign' }).click()
  await expect(dock.getByTestId('canton-tx')).toHaveText(/^executed/)
  await expect(dock.getByTestId('canton-update')).not.toHaveText('—')

  // Bob's wallet shows the transfer offered to him, from Alice.
  const incoming = bob.canton.getByRole('region', { name: 'Incoming transfers' }).getByRole('listitem')
  await expect(incoming).toHaveCount(1)
  await expect(incoming).toContainText('12.5 USDX')
  await expect(incoming).toContainText(aliceParty)
})

test('an unlimited ERC-20 approval is called out, a reverting transaction shows its revert; both rejectable', async () => {
  const { networks } = (await (await alice.page.request.get(`${stack.url}/api/networks`)).json()) as {
    networks: PublicNetwork[]
  }
  const token = networks.find((n) => n.id === 'evm-31337')!.tokens.find((t) => t.symbol === 'tUSDC')!
    .address as Hex
  const nonce = await chain().getTransactionCount({ address: aliceAddress, blockTag: 'pending' })

  const approval = requestInApp('eth_sendTransaction', [
    {
      from: aliceAddress,
      to: token,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [RECIPIENT, maxUint256] }),
    },
  ])
  const approveReview = dialog('send a transaction')
  await expect(approveReview.getByTestId('dock-unlimited-approval')).toContainText('Unlimited approval')
  await approveReview.getByRole('button', { name: 'Reject' }).click()
  expect((await approval).code).toBe(4001)

  // Alice holds no tUSDC: the transfer would revert, and the review says so before any signature.
  const transfer = requestInApp('eth_sendTransaction', [
    {
      from: aliceAddress,
      to: token,
      data: encodeFunctionData({
        abi: erc20Abi,
        functionName: 'transfer',
        args: [RECIPIENT, parseUnits('5', 6)],
      }),
    },
  ])
  const revertReview = dialog('send a transaction')
  await expect(revertReview.getByTestId('dock-revert')).toContainText('This transaction would fail')
  await revertReview.getByRole('button', { name: 'Reject' }).click()
  expect((await transfer).code).toBe(4001)
  expect(await chain().getTransactionCount({ address: aliceAddress, blockTag: 'pending' })).toBe(nonce)
})

test('refused with the standard codes, nothing signed: an unconfigured chain, an unsupported method, a message from outside the dock', async () => {
  // evm-31338 is one of the instance's networks, but not one the app may use.
  expect((await requestInApp('wallet_switchEthereumChain', [{ chainId: '0x7a6a' }])).code).toBe(4902)
  expect((await requestInApp('eth_chainId')).result).toBe('0x7a69')
  expect((await requestInApp('eth_sign', [aliceAddress, '0x00'])).code).toBe(4200)

  // A dock message posted by the wallet page itself (not the app's frame, not the app's origin).
  const ignored = warnings.length
  await alice.page.evaluate(() =>
    window.postMessage(
      { channel: 'stratos-dock/1', kind: 'request', id: 1, api: 'eip1193', method: 'eth_requestAccounts' },
      '*',
    ),
  )
  await expect.poll(() => warnings.slice(ignored).join('\n')).toContain('Dock: ignored a message from')
  await expect(alice.page.getByRole('dialog')).toHaveCount(0)
  expect(cspViolations).toEqual([])
})

test('a revoked grant ends the app access until the user connects it again', async () => {
  await alice.page.getByRole('button', { name: `Revoke ${APP}` }).click()
  await expect(dock.getByTestId('evm-account')).toHaveText('—')
  expect((await requestInApp('eth_accounts')).result).toEqual([])
  expect((await requestInApp('eth_sendTransaction', [{ from: aliceAddress, to: RECIPIENT }])).code).toBe(4100)

  await dock.getByRole('button', { name: 'Connect', exact: true }).click()
  await dialog('connect to your wallet').getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(dock.getByTestId('evm-account')).toHaveText(aliceAddress)
})

test('a method outside the app permissions is 4100 once an admin takes the permission away', async () => {
  await alice.page.getByRole('link', { name: 'Wallet', exact: true }).click()
  await alice.page.getByRole('link', { name: 'Admin' }).click()
  const card = alice.page.getByRole('region', { name: 'Dock apps' })
  await card.getByRole('button', { name: `Edit ${APP}` }).click()
  const form = alice.page.getByRole('form', { name: `Change ${APP}` })
  await form.getByRole('checkbox', { name: 'Message signing' }).uncheck()
  await form.getByRole('button', { name: 'Save changes' }).click()
  await expect(card.getByRole('row').filter({ hasText: APP })).not.toContainText('Message signing')

  // Back in the dock, the app's next request is checked against the app as the admin left it.
  await alice.page.getByRole('link', { name: 'Wallet', exact: true }).click()
  await alice.page.getByRole('link', { name: 'Dock', exact: true }).click()
  const typed = await requestInApp('eth_signTypedData_v4', [aliceAddress, JSON.stringify(mail(31337))])
  expect(typed.code).toBe(4100)
  await expect(alice.page.getByRole('dialog')).toHaveCount(0)
})
