import { expect, type Locator, type Page, test } from '@playwright/test'
import type { ChainAdapter } from '@stratos/chains'
import { formatAmount, parseAmount } from '@stratos/chains'
import { createBitcoinAdapter } from '@stratos/chains/bitcoin'
import { createEvmAdapter } from '@stratos/chains/evm'
import { createSolanaAdapter } from '@stratos/chains/solana'
import { createTonAdapter } from '@stratos/chains/ton'
import { createTronAdapter } from '@stratos/chains/tron'
import { signUp } from './people.js'
import { type Stack, startStack } from './stack.js'

/**
 * Every local chain of `stratos dev` as a person uses it: test funds from the faucet, a send to a
 * second person reviewed and signed in the browser, both balances once confirmed, and the
 * transfer in both histories. Native coin on the second EVM chain, Solana, Bitcoin, TRON and TON;
 * a token on the EVM chain (ERC-20), Solana (SPL) and TON (jetton).
 */

interface Transfer {
  network: string
  /** What the faucet gives and what is sent, as the wallet shows amounts. */
  symbol: string
  decimals: number
  funded: string
  sent: string
  /** A token, by the symbol the instance lists it under; the native coin when absent. */
  token?: boolean
  /** The chain's own reading of a native balance, to check the wallet's against. */
  chain?: (endpoint: string) => ChainAdapter
}

const TRANSFERS: Transfer[] = [
  {
    network: 'evm-31338',
    symbol: 'ETH',
    decimals: 18,
    funded: '1',
    sent: '0.25',
    chain: (endpoint) => createEvmAdapter({ endpoint, chainId: 31338 }),
  },
  { network: 'evm-31338', symbol: 'tUSDC', decimals: 6, funded: '1000', sent: '12.5', token: true },
  {
    network: 'solana-local',
    symbol: 'SOL',
    decimals: 9,
    funded: '2',
    sent: '0.5',
    chain: (endpoint) => createSolanaAdapter({ endpoint }),
  },
  { network: 'solana-local', symbol: 'USDC', decimals: 6, funded: '1000', sent: '7', token: true },
  {
    network: 'bitcoin-regtest',
    symbol: 'BTC',
    decimals: 8,
    funded: '0.01',
    sent: '0.001',
    chain: (endpoint) => createBitcoinAdapter({ endpoint, network: 'regtest' }),
  },
  {
    network: 'tron-local',
    symbol: 'TRX',
    decimals: 6,
    funded: '100',
    sent: '10',
    chain: (endpoint) => createTronAdapter({ endpoint }),
  },
  {
    network: 'ton-local',
    symbol: 'TON',
    decimals: 9,
    funded: '5',
    sent: '1',
    chain: (endpoint) => createTonAdapter({ endpoint, network: 'testnet' }),
  },
  { network: 'ton-local', symbol: 'USDT', decimals: 6, funded: '1000', sent: '3', token: true },
]

let stack: Stack
let alice: Page
let bob: Page

test.describe.configure({ mode: 'serial' })

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000)
  stack = await startStack()
  alice = await signUp(browser, stack.url, 'Alice Multichain')
  bob = await signUp(browser, stack.url, 'Bob Multichain')
})
test.afterAll(async () => {
  await stack?.stop()
})

const card = (page: Page, network: string) => page.getByTestId(`network-${network}`)

/** The account's address on `network`, from its card's Receive panel (which stays open). */
async function receiveAddress(page: Page, network: string): Promise<string> {
  const networkCard = card(page, network)
  const shown = networkCard.getByTestId(`receive-${network}`)
  if (!(await shown.isVisible())) await networkCard.getByRole('button', { name: 'Receive' }).click()
  await expect(shown).not.toBeEmpty()
  const address = (await shown.textContent())!.trim()
  await networkCard.getByRole('button', { name: 'Receive' }).click()
  return address
}

async function openHistory(networkCard: Locator): Promise<Locator> {
  const history = networkCard.getByRole('region', { name: /^History on/ })
  if (!(await history.isVisible())) await networkCard.getByRole('button', { name: 'History' }).click()
  return history
}

for (const t of TRANSFERS) {
  test(`${t.network}: ${t.symbol} from the faucet, sent to another person, both balances and histories`, async () => {
    test.setTimeout(240_000)
    const from = card(alice, t.network)
    const to = card(bob, t.network)
    const balance = (c: Locator) => c.getByTestId(`balance-${t.network}-${t.symbol}`)

    // Test funds: the faucet answers once its transfer is confirmed.
    await from.getByRole('button', { name: `Get test ${t.symbol}` }).click()
    await expect(from.getByText(`Received ${t.funded} test ${t.symbol} from the faucet.`)).toBeVisible({
      timeout: 60_000,
    })
    const before = t.token ? parseAmount({ amount: t.funded, decimals: t.decimals }) : undefined
    await expect(balance(from)).toHaveText(t.funded)

    const recipient = await receiveAddress(bob, t.network)

    // Send, with the review of what the adapter built.
    await from.getByRole('button', { name: 'Send' }).click()
    if (t.token) await from.getByLabel('Asset').selectOption({ label: t.symbol })
    await from.getByLabel('Recipient address').fill(recipient)
    await from.getByLabel(`Amount (${t.symbol})`).fill(t.sent)
    await from.getByRole('button', { name: 'Review' }).click()
    await expect(from.getByTestId('review-to')).toHaveText(recipient, { timeout: 30_000 })
    await expect(from.getByTestId('review-amount')).toHaveText(`${t.sent} ${t.symbol}`)
    // The most the network may charge, in the native coin ("0.000021 ETH").
    const feeShown = (await from.getByTestId('review-fee').textContent())!.trim().split(' ')[0]!
    await from.getByRole('button', { name: 'Confirm and send' }).click()
    const outcome = from.getByTestId('transfer-outcome')
    await expect(outcome.locator('strong')).toHaveText('Sent', { timeout: 120_000 })
    await from.getByRole('button', { name: 'Done' }).click()

    // The recipient holds exactly what was sent.
    await to.getByRole('button', { name: 'Refresh' }).click()
    await expect(balance(to)).toHaveText(t.sent, { timeout: 30_000 })

    // The sender: a token balance is down by exactly the amount (the fee is paid in the native
    // coin); a native one is down by the amount and a fee no more than the review said, and the
    // wallet shows what the chain itself reports.
    const sent = parseAmount({ amount: t.sent, decimals: t.decimals })
    if (before !== undefined) {
      await expect(balance(from)).toHaveText(formatAmount({ value: before - sent, decimals: t.decimals }))
    } else {
      const funded = parseAmount({ amount: t.funded, decimals: t.decimals })
      const fee = parseAmount({ amount: feeShown, decimals: t.decimals })
      const sender = await receiveAddress(alice, t.network)
      const adapter = t.chain!(stack.chains[t.network]!)
      const onChain = (await adapter.getBalances(sender, [])).native
      expect(onChain).toBeLessThan(funded - sent)
      expect(onChain).toBeGreaterThanOrEqual(funded - sent - fee)
      await from.getByRole('button', { name: 'Refresh' }).click()
      await expect(balance(from)).toHaveText(
        formatAmount({ value: onChain, decimals: t.decimals, maxFractionDigits: 8 }),
      )
    }

    // Both histories name the transfer, out for one and in for the other.
    const sentRow = (await openHistory(from))
      .getByTestId('history-item')
      .filter({ hasText: `−${t.sent} ${t.symbol}` })
    await expect(sentRow.first()).toContainText('Sent')
    const receivedRow = (await openHistory(to))
      .getByTestId('history-item')
      .filter({ hasText: `+${t.sent} ${t.symbol}` })
    await expect(receivedRow.first()).toContainText('Received')
    await expect(receivedRow.first()).toHaveAttribute('data-state', 'confirmed')
  })
}
