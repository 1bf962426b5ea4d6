import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { buildTestDar } from '@stratos/canton-devnet/testing'
import { addVirtualAuthenticator } from './passkeys.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
let files: string
test.beforeAll(async () => {
  stack = await startStack()
  files = mkdtempSync(join(tmpdir(), 'stratos-e2e-dar-'))
})
test.afterAll(async () => {
  await stack?.stop()
  if (files) rmSync(files, { recursive: true, force: true })
})

async function signUp(page: Page, url: string, name: string) {
  await addVirtualAuthenticator(page)
  await page.goto(url)
  await page.getByLabel(/name/i).fill(name)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByTestId('address-evm')).not.toBeEmpty()
}

test('an admin checks the Canton connection, uploads a DAR, and finds both in the audit log', async ({
  browser,
}) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signUp(page, stack.enrollLink!, 'Ada Admin')

  await page.getByRole('link', { name: 'Admin' }).click()
  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByRole('heading', { name: 'Admin console' })).toBeVisible()

  // The connection the dev stack configured: from the environment, and the participant answers.
  const connection = page.getByRole('region', { name: 'Canton connection' })
  const facts = connection.locator('dl')
  await expect(facts.getByText('Reachable')).toBeVisible()
  await expect(facts.getByText('Environment (CANTON_* variables)')).toBeVisible()
  await expect(facts.getByText(stack.cantonUrl, { exact: true })).toBeVisible()

  // Saving it here (the JWT secret left blank: kept) moves it into the instance settings.
  await connection.getByRole('button', { name: 'Edit connection' }).click()
  await expect(connection.getByLabel('Participant URL')).toHaveValue(stack.cantonUrl)
  await expect(connection.getByLabel('Ledger API user id')).not.toHaveValue('')
  await connection.getByRole('button', { name: 'Save connection' }).click()
  await expect(connection.getByRole('status').filter({ hasText: /^Saved\./ })).toBeVisible()
  await expect(facts.getByText('Set in this console')).toBeVisible()
  await expect(facts.getByText('Reachable')).toBeVisible()

  // Upload a DAR from a file.
  const packageId = randomBytes(32).toString('hex')
  const dar = buildTestDar('e2e-admin-console', '1.0.0', packageId)
  const darPath = join(files, 'e2e-admin-console-1.0.0.dar')
  writeFileSync(darPath, dar)
  const packages = page.getByRole('region', { name: 'Packages' })
  const list = packages.getByRole('list', { name: 'Packages on the participant' })
  await expect(list.getByRole('listitem').first()).toBeVisible()
  await expect(list.getByText(packageId)).toHaveCount(0)
  await packages.getByLabel('DAR file').setInputFiles(darPath)
  await packages.getByRole('button', { name: 'Upload DAR' }).click()
  await expect(packages.getByRole('status').filter({ hasText: `main package ${packageId}` })).toBeVisible()
  await expect(list.getByText(packageId)).toBeVisible()

  // A file that is not a DAR: the participant's reason is shown, nothing is added.
  const junkPath = join(files, 'not-a.dar')
  writeFileSync(junkPath, 'not a zip')
  await packages.getByLabel('DAR file').setInputFiles(junkPath)
  await packages.getByRole('button', { name: 'Upload DAR' }).click()
  await expect(packages.getByRole('alert')).toContainText('INVALID_DAR')

  // Both actions are in the audit log, newest first, with who did them.
  const audit = page.getByRole('table', { name: 'Audit log' })
  const sha256 = createHash('sha256').update(dar).digest('hex')
  const upload = audit.getByRole('row').filter({ hasText: 'canton.dar.upload' })
  await expect(upload).toHaveCount(1)
  await expect(upload).toContainText('Ada Admin')
  await expect(upload).toContainText(sha256)
  await expect(upload).toContainText(packageId)
  const update = audit.getByRole('row').filter({ hasText: 'canton.connection.update' })
  await expect(update).toHaveCount(1)
  await expect(update).toContainText('secretChanged')
  await expect(audit.getByRole('row').nth(1)).toContainText('canton.dar.upload')
  await context.close()
})

test('a user sees no Admin link, is sent back from /admin, and gets 403 from the admin API', async ({
  browser,
}) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signUp(page, stack.url, 'Uma User')
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0)

  await page.goto(`${stack.url}/admin`)
  await expect(page).toHaveURL(/\/dashboard$/)
  await expect(page.getByRole('heading', { name: 'Admin console' })).toHaveCount(0)

  for (const path of ['/api/admin/canton', '/api/admin/canton/packages', '/api/admin/audit']) {
    const res = await page.request.get(`${stack.url}${path}`)
    expect([path, res.status(), (await res.json()).code]).toEqual([path, 403, 'FORBIDDEN'])
  }
  const upload = await page.request.post(`${stack.url}/api/admin/canton/dars`, {
    headers: { 'content-type': 'application/octet-stream', origin: stack.url },
    data: Buffer.from(buildTestDar('nope', '1.0.0', randomBytes(32).toString('hex'))),
  })
  expect(upload.status()).toBe(403)
  await context.close()
})
