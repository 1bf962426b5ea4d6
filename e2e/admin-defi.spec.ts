import { join } from 'node:path'
import { expect, type Locator, type Page, test } from '@playwright/test'
import { createDatabase } from '@stratos/db'
import { addVirtualAuthenticator } from './passkeys.js'
import { type Stack, startStack } from './stack.js'

// The admin console's DeFi vaults against the real stack (`stratos dev`: API, canton-devnet, anvil):
// a user deploys a dev test vault, the admin removes it and registers it again through the form,
// where the API's on-chain checks refuse a vault registered for another party.

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

async function signUp(page: Page, url: string, name: string) {
  await addVirtualAuthenticator(page)
  await page.goto(url)
  await page.getByLabel(/name/i).fill(name)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByTestId('address-evm')).not.toBeEmpty()
}

/** The whole value behind a shortened one (its title). */
async function fullValue(shortened: Locator): Promise<string> {
  const value = await shortened.getAttribute('title')
  expect(value).toMatch(/^0x[0-9a-fA-F]+$/)
  return value as string
}

test('an admin sees a user’s vault, removes it, registers it again, and a vault of another party is refused', async ({
  browser,
}) => {
  const adminContext = await browser.newContext()
  const admin = await adminContext.newPage()
  await signUp(admin, stack.enrollLink!, 'Ada Admin')

  // A user with a Canton party deploys a dev test vault from the DeFi card.
  const userContext = await browser.newContext()
  const user = await userContext.newPage()
  await signUp(user, stack.url, 'Dana')
  const party = user.getByTestId('canton-party')
  await expect(party).toHaveText(/^dana::1220[0-9a-f]{64}$/, { timeout: 60_000 })
  const partyId = (await party.textContent()) as string
  const defi = user.getByTestId('defi-card')
  await defi.getByRole('button', { name: 'Create test vault' }).click()
  await expect(defi.getByRole('list', { name: 'Vault balances' })).toBeVisible({ timeout: 60_000 })
  const vaultAddress = await fullValue(defi.getByTestId('defi-vault-address'))

  // The admin finds it in the DeFi vaults table.
  await admin.getByRole('link', { name: 'Admin' }).click()
  const section = admin.getByRole('region', { name: 'DeFi vaults' })
  const table = section.getByRole('table', { name: 'DeFi vaults' })
  const row = table.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: partyId }) })
  await expect(row).toHaveCount(1)
  const cells = row.getByRole('cell')
  await expect(cells.nth(1).locator('[title]').first()).toHaveAttribute('title', vaultAddress)
  await expect(cells.nth(1)).toContainText(`${vaultAddress.slice(0, 6)}…${vaultAddress.slice(-4)}`)
  await expect(row.getByRole('button', { name: 'Copy vault address' })).toBeVisible()
  await expect(cells.nth(1).locator('[title]').nth(1)).toHaveAttribute('title', /^0x[0-9a-f]{64}$/)
  const tokens = row.getByRole('list', { name: `Tokens of ${partyId}` }).getByRole('listitem')
  await expect(tokens).toHaveText([/^tUSDC 0x.+ 6 decimals$/, /^tWETH 0x.+ 18 decimals$/])

  // What the table shows, to register the vault again below.
  const adapterValues = cells.nth(2).locator('[title]')
  await expect(adapterValues).toHaveCount(3)
  const [aaveV3, uniswapV3, compoundV2] = await Promise.all(
    [0, 1, 2].map((i) => fullValue(adapterValues.nth(i))),
  )
  const cToken = await fullValue(cells.nth(4).locator('[title]'))
  const swapFee = /^(\d+) \(/.exec((await cells.nth(5).textContent()) ?? '')?.[1]
  expect(swapFee).toBeDefined()
  const assets = await Promise.all(
    ['tUSDC', 'tWETH'].map(async (symbol, i) => ({
      symbol,
      address: await fullValue(tokens.nth(i).locator('[title]')),
      decimals: symbol === 'tUSDC' ? '6' : '18',
    })),
  )

  // Remove, after confirming: the row is gone and the audit log says who removed what.
  await row.getByRole('button', { name: 'Remove', exact: true }).click()
  const confirm = section.getByRole('group', { name: 'Remove the vault 0x' })
  await expect(confirm).toContainText(`of ${partyId}?`)
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toHaveCount(0)
  await expect(row).toHaveCount(1)
  await row.getByRole('button', { name: 'Remove', exact: true }).click()
  await confirm.getByRole('button', { name: 'Confirm removal' }).click()
  await expect(
    section.getByRole('status').filter({ hasText: `Removed the vault of ${partyId}` }),
  ).toBeVisible()
  await expect(row).toHaveCount(0)
  await expect(section.getByText('No vault is registered yet.')).toBeVisible()
  const audit = admin.getByRole('table', { name: 'Audit log' })
  const removal = audit.getByRole('row').filter({ hasText: 'defi.vault.delete' })
  await expect(removal).toHaveCount(1)
  await expect(removal).toContainText('Ada Admin')
  await expect(removal).toContainText(partyId)
  await expect(removal).toContainText(vaultAddress)

  // Register it again through the form, first for another party: the API's check says so.
  await section.getByRole('button', { name: 'Register a vault' }).click()
  const form = section.getByRole('form', { name: 'Register a vault' })
  // An empty form is checked in the browser: the first field to fix gets the focus.
  await form.getByRole('button', { name: 'Check and register' }).click()
  await expect(form.getByRole('alert')).toHaveText('Check the fields marked above.')
  await expect(form.getByLabel('Party id')).toBeFocused()
  await expect(form.getByLabel('Vault address')).toHaveAttribute('aria-invalid', 'true')
  const otherParty = `mallory::1220${'0'.repeat(64)}`
  await form.getByLabel('Party id').fill(otherParty)
  await form.getByLabel('Vault address').fill(vaultAddress)
  await form.getByLabel('Aave v3 adapter').fill(aaveV3 as string)
  await form.getByLabel('Uniswap v3 adapter').fill(uniswapV3 as string)
  await form.getByLabel('Compound v2 adapter').fill(compoundV2 as string)
  await form.getByLabel('cToken (optional)').fill(cToken)
  await form.getByLabel('Swap fee (optional)').fill(swapFee as string)
  await form.getByRole('button', { name: 'Add token' }).click()
  for (const [i, asset] of assets.entries()) {
    const token = form.getByRole('group', { name: `Token ${i + 1}` })
    await token.getByLabel('Symbol').fill(asset.symbol)
    await token.getByLabel('Token address').fill(asset.address)
    await token.getByLabel('Decimals').fill(asset.decimals)
  }
  await form.getByRole('button', { name: 'Check and register' }).click()
  await expect(form.getByRole('alert')).toContainText('partyId: the vault runs the intents of another party')
  await expect(form.getByLabel('Party id')).toHaveAttribute('aria-invalid', 'true')
  await expect(section.getByText('No vault is registered yet.')).toBeVisible()

  // With the party the table showed, it is registered again and listed as before.
  await form.getByLabel('Party id').fill(partyId)
  await form.getByRole('button', { name: 'Check and register' }).click()
  await expect(
    section.getByRole('status').filter({ hasText: `Registered the vault ${vaultAddress} for ${partyId}` }),
  ).toBeVisible()
  await expect(form).toHaveCount(0)
  await expect(row).toHaveCount(1)
  await expect(cells.nth(1).locator('[title]').first()).toHaveAttribute('title', vaultAddress)
  await expect(tokens).toHaveText([/^tUSDC 0x.+ 6 decimals$/, /^tWETH 0x.+ 18 decimals$/])
  const registration = audit.getByRole('row').filter({ hasText: 'defi.vault.register' })
  await expect(registration).toHaveCount(1)
  await expect(registration).toContainText(partyId)
  await expect(audit.getByRole('row').nth(1)).toContainText('defi.vault.register')

  // Removed meanwhile elsewhere (the row deleted in the instance's database behind this page's
  // back): the Remove action shows the API's answer.
  const db = createDatabase({ kind: 'sqlite', file: join(stack.dataDir, 'stratos.sqlite') })
  try {
    const gone = await db.deleteFrom('defi_vaults').where('party_id', '=', partyId).executeTakeFirst()
    expect(Number(gone.numDeletedRows)).toBe(1)
  } finally {
    await db.destroy()
  }
  await row.getByRole('button', { name: 'Remove', exact: true }).click()
  await confirm.getByRole('button', { name: 'Confirm removal' }).click()
  await expect(confirm.getByRole('alert')).toHaveText(
    `Removing the vault failed: No DeFi vault is registered for the party ${partyId}`,
  )
  await userContext.close()
  await adminContext.close()
})
