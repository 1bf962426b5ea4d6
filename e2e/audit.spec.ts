import { readFileSync } from 'node:fs'
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

test('a user signs in again and sees it under Recent sign-ins', async ({ browser }) => {
  const page = await signUp(browser, stack.url, 'Sam')
  const recent = page.getByRole('region', { name: 'Recent sign-ins' })
  await expect(recent.getByText('No sign-ins recorded yet.')).toBeVisible()
  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('address-evm')).not.toBeEmpty()
  const items = recent.getByRole('list', { name: 'Recent sign-ins' }).getByRole('listitem')
  await expect(items).toHaveCount(1)
  await expect(items.first()).toContainText('Signed in')
  await expect(items.first()).toContainText('Chrome')
  await page.context().close()
})

test('an admin filters the audit log by action and exports it as CSV', async ({ browser }) => {
  const page = await signUp(browser, stack.enrollLink!, 'Ada Admin', { acceptDownloads: true })
  await page.getByRole('link', { name: 'Admin' }).click()
  const section = page.getByRole('region', { name: 'Audit log' })
  const table = section.getByRole('table', { name: 'Audit log' })
  await expect(table.getByRole('row').filter({ hasText: 'auth.register' }).first()).toBeVisible()

  await section.getByLabel('Action starts with').fill('auth.register')
  await section.getByRole('button', { name: 'Apply filter' }).click()
  const rows = table.getByRole('row').filter({ hasText: 'auth.' })
  await expect(rows.first()).toContainText('auth.register')
  for (const row of await rows.all()) await expect(row).toContainText('auth.register')

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('link', { name: 'Export CSV' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^stratos-audit-.*\.csv$/)
  const csv = readFileSync((await download.path())!, 'utf8')
  const lines = csv.split('\r\n').filter(Boolean)
  expect(lines[0]).toBe('seq,id,at,actorUserId,action,target,details,requestId,ip,userAgent,prevHash,hash')
  // Filtered like the list: registrations only (the export itself is recorded, but as audit.export).
  expect(lines.slice(1).every((line) => line.includes(',auth.register,'))).toBe(true)
  expect(lines.slice(1).some((line) => line.includes('""role"":""admin""'))).toBe(true)
  await page.context().close()
})
