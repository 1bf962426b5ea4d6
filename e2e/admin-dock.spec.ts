import { expect, type Page, test } from '@playwright/test'
import { auditTable } from './adminConsole.js'
import { watchCspViolations } from './cspViolations.js'
import { signUp } from './people.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

/** The `frame-src` of the admin page's own document, loaded afresh. */
async function frameSources(page: Page): Promise<string> {
  const response = await page.reload()
  const policy = (await response!.allHeaders())['content-security-policy'] ?? ''
  return /frame-src ([^;]+)/.exec(policy)?.[1] ?? ''
}

test('an admin adds, orders, disables and removes dock apps; the page frames only the enabled ones', async ({
  browser,
}) => {
  test.setTimeout(180_000)
  const admin = await signUp(browser, stack.enrollLink!, 'Ada Dock')
  const cspViolations = watchCspViolations(admin)
  await admin.getByRole('link', { name: 'Admin' }).click()
  const card = admin.getByRole('region', { name: 'Dock apps' })
  // The dev stack's sample app is in the dock from the start.
  const example = new URL(stack.dockExampleUrl).origin
  await expect(card.getByRole('rowheader')).toHaveText(['Example dApp'])
  expect(await frameSources(admin)).toBe(example)

  await card.getByRole('button', { name: 'Add a dock app' }).click()
  const form = admin.getByRole('form', { name: 'Add a dock app' })
  await form.getByLabel('Name', { exact: true }).fill('Treasury')
  // The wallet's own origin is refused: a same-origin frame could lift its sandbox.
  await form.getByLabel('URL', { exact: true }).fill(`${stack.url}/treasury`)
  await form.getByRole('button', { name: 'Add app' }).click()
  await expect(form.getByRole('alert')).toContainText("this instance's own origin")
  await form.getByLabel('URL', { exact: true }).fill('https://treasury.example/app')
  await form.getByRole('checkbox', { name: 'EVM transactions' }).check()
  await form.getByRole('checkbox', { name: 'Canton', exact: true }).check()
  await form.getByRole('button', { name: 'Add app' }).click()
  await expect(card.getByRole('rowheader', { name: 'Treasury' })).toBeVisible()

  await card.getByRole('button', { name: 'Add a dock app' }).click()
  await form.getByLabel('Name', { exact: true }).fill('Swap')
  await form.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:5999/')
  await form.getByRole('button', { name: 'Add app' }).click()
  await expect(card.getByRole('rowheader', { name: 'Swap' })).toBeVisible()
  const row = card.getByRole('row').filter({ hasText: 'Treasury' })
  await expect(row).toContainText('https://treasury.example')
  await expect(row).toContainText('Canton')
  await expect(row).toContainText('Accounts, EVM transactions')

  await card.getByRole('button', { name: 'Move Swap up' }).click()
  await expect(card.getByRole('rowheader')).toHaveText(['Example dApp', 'Swap', 'Treasury'])
  expect(await frameSources(admin)).toBe(`${example} http://127.0.0.1:5999 https://treasury.example`)

  await card.getByRole('button', { name: 'Disable Treasury' }).click()
  await expect(card.getByRole('button', { name: 'Enable Treasury' })).toBeVisible()
  expect(await frameSources(admin)).toBe(`${example} http://127.0.0.1:5999`)

  await card.getByRole('button', { name: 'Remove Swap' }).click()
  await card.getByRole('button', { name: 'Confirm removal' }).click()
  await expect(card.getByRole('rowheader', { name: 'Swap' })).toHaveCount(0)
  expect(await frameSources(admin)).toBe(example)
  await card.getByRole('button', { name: 'Remove Example dApp' }).click()
  await card.getByRole('button', { name: 'Confirm removal' }).click()
  await expect(card.getByRole('rowheader')).toHaveText(['Treasury'])
  expect(await frameSources(admin)).toBe("'none'")

  await expect(auditTable(admin).getByRole('row').filter({ hasText: 'dock.app.remove' })).toHaveCount(2)
  await expect(auditTable(admin).getByRole('row').filter({ hasText: 'dock.order' })).toHaveCount(1)
  expect(cspViolations).toEqual([])
})
