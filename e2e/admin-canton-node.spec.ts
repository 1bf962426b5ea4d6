import { expect, test } from '@playwright/test'
import { auditTable } from './adminConsole.js'
import { signUp } from './people.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

test('an admin sees the participant healthy, allocates a hosted party, grants and revokes a right to act as it', async ({
  browser,
}) => {
  test.setTimeout(180_000)
  const ada = await signUp(browser, stack.enrollLink!, 'Ada Admin')
  await ada.getByRole('link', { name: 'Admin' }).click()
  await expect(ada.getByRole('heading', { name: 'Admin console' })).toBeVisible()

  // Health: the dev stack's participant answers every check.
  const health = ada.getByRole('region', { name: 'Participant health' })
  const facts = health.locator('dl')
  const answers = facts.locator('dd')
  await expect(answers.getByText('Reachable', { exact: true })).toBeVisible()
  await expect(answers.getByText('Live', { exact: true })).toBeVisible()
  await expect(answers.getByText('Ready', { exact: true })).toBeVisible()
  await expect(facts.getByText(/^[\w-]+::1220[0-9a-f]{64}$/)).toBeVisible()
  await expect(
    health.getByRole('list', { name: 'Connected synchronizers' }).getByRole('listitem'),
  ).toHaveCount(1)
  await expect(health.getByRole('alert')).toHaveCount(0)
  const serverUser = (
    await facts.locator('dt', { hasText: 'Signed in as' }).locator('+ dd').innerText()
  ).trim()
  expect(serverUser).not.toBe('')

  // Allocate a hosted party (a step-up the virtual authenticator answers).
  const parties = ada.getByRole('region', { name: 'Hosted parties' })
  const allocate = parties.getByRole('form', { name: 'Allocate a party' })
  await allocate.getByLabel('Party id hint').fill('e2e-treasury')
  await allocate.getByLabel('Display name (optional)').fill('Treasury (EU)')
  await allocate.getByRole('button', { name: 'Allocate party' }).click()
  const allocated = parties.getByRole('status').filter({ hasText: /^Allocated e2e-treasury::1220/ })
  await expect(allocated).toBeVisible()
  const party = (await allocated.locator('code').innerText()).trim()
  expect(party).toMatch(/^e2e-treasury::1220[0-9a-f]{64}$/)
  const row = parties.getByRole('row').filter({ hasText: 'Treasury (EU)' })
  await expect(row).toContainText('e2e-treasury::')
  await expect(row).toContainText('Hosted')

  // The same hint again: the participant's refusal, shown.
  await allocate.getByLabel('Party id hint').fill('e2e-treasury')
  await allocate.getByRole('button', { name: 'Allocate party' }).click()
  await expect(parties.getByRole('alert')).toContainText('already hosts a party with the hint e2e-treasury')

  // Grant the wallet server's Ledger API user the right to act as the new party, then revoke it.
  const users = ada.getByRole('region', { name: 'Ledger API users' })
  const grant = users.getByRole('form', { name: 'Grant a right' })
  await grant.getByLabel('User').fill(serverUser)
  await grant.getByLabel('Right').selectOption('actAs')
  await grant.getByLabel('Party id').fill(party)
  await grant.getByRole('button', { name: 'Grant right' }).click()
  await expect(users.getByRole('status')).toContainText(`Granted Act as e2e-treasury::`)
  const rights = users.getByRole('list', { name: `Rights of ${serverUser}` })
  const actAs = rights.getByRole('listitem').filter({ hasText: 'Act as e2e-treasury::' })
  await expect(actAs).toHaveCount(1)
  // The server's own participant admin right cannot be revoked from here.
  await expect(
    rights.getByRole('listitem').filter({ hasText: 'Participant admin' }).getByRole('button'),
  ).toBeDisabled()

  await actAs.getByRole('button', { name: /^Revoke Act as e2e-treasury::/ }).click()
  await users.getByRole('button', { name: 'Revoke right' }).click()
  await expect(users.getByRole('status')).toContainText(`Revoked Act as e2e-treasury::`)
  await expect(actAs).toHaveCount(0)

  // Every change is in the audit log with who made it.
  const audit = auditTable(ada)
  for (const action of ['canton.party.allocate', 'canton.user.rights.grant', 'canton.user.rights.revoke']) {
    const entry = audit.getByRole('row').filter({ hasText: action })
    await expect(entry).toHaveCount(1)
    await expect(entry).toContainText('Ada Admin')
  }
  await expect(audit.getByRole('row').filter({ hasText: 'canton.party.allocate' })).toContainText(party)
})
