import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { createDatabase } from '@stratos/db'
import { auditTable, changeUser, userRow } from './adminConsole.js'
import { signInElsewhere, signUp } from './people.js'
import { runStratos, type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

/** The user id of whoever is signed in on `page` (read only: every change in this spec is a click). */
async function userIdOf(page: Page): Promise<string> {
  const me = await page.request.get(`${stack.url}/api/me`)
  expect(me.status()).toBe(200)
  return (await me.json()).user.id
}

test('an admin promotes A; A disables B, whose open wallet is cut; A revokes her other session; the audit log shows each and its chain verifies until a row is edited', async ({
  browser,
}) => {
  // Three people sign up with passkeys (key derivation in each browser), and a fourth browser.
  test.setTimeout(300_000)
  const ada = await signUp(browser, stack.enrollLink!, 'Ada Admin')
  const alice = await signUp(browser, stack.url, 'Alice Chain')
  const bob = await signUp(browser, stack.url, 'Bob Chain')
  const aliceId = await userIdOf(alice)
  const bobId = await userIdOf(bob)

  // The admin promotes Alice in the console. A step-up (a passkey assertion the virtual
  // authenticator answers) may come between the confirmation and the change: wait on the table.
  await ada.getByRole('link', { name: 'Admin' }).click()
  await expect(ada.getByRole('heading', { name: 'Admin console' })).toBeVisible()
  await changeUser(ada, 'Alice Chain', 'Promote', 'Confirm: make admin')
  const aliceRow = userRow(ada, 'Alice Chain')
  await expect(aliceRow.getByRole('cell').first()).toHaveText('admin')
  await expect(aliceRow.getByRole('button', { name: 'Demote' })).toBeVisible()

  // Alice, in her own browser, now has the console and disables Bob there.
  await alice.reload()
  await alice.getByRole('link', { name: 'Admin' }).click()
  await expect(alice.getByRole('heading', { name: 'Admin console' })).toBeVisible()
  await changeUser(alice, 'Bob Chain', 'Disable', 'Confirm: disable account')
  const bobRow = userRow(alice, 'Bob Chain')
  await expect(bobRow).toContainText('Disabled')
  await expect(bobRow.getByRole('button', { name: 'Enable' })).toBeVisible()

  // Bob's browser still shows his wallet; its very next navigation is signed out, and signing in
  // again says the account is disabled.
  await expect(bob.getByTestId('address-evm')).not.toBeEmpty()
  await bob.reload()
  const signIn = bob.getByRole('button', { name: 'Sign in' })
  await expect(signIn).toBeVisible()
  await expect(bob.getByTestId('address-evm')).toHaveCount(0)
  await signIn.click()
  await expect(bob.getByRole('alert')).toContainText(/disabled/i)

  // Alice signs in on a second browser (her passkey, synced), then revokes that session from the
  // Sessions card of the first; the second is signed out at its next navigation.
  const aliceLaptop = await signInElsewhere(browser, stack.url, alice)
  await expect(aliceLaptop.getByRole('list', { name: 'Your sessions' }).getByRole('listitem')).toHaveCount(2)
  await alice.getByRole('link', { name: 'Wallet' }).click()
  const sessions = alice.getByRole('list', { name: 'Your sessions' }).getByRole('listitem')
  await expect(sessions).toHaveCount(2)
  await sessions
    .filter({ hasNotText: 'This device' })
    .getByRole('button', { name: /Revoke/ })
    .click()
  await expect(alice.getByRole('status').filter({ hasText: /Signed out Chrome/ })).toBeVisible()
  await expect(sessions).toHaveCount(1)
  await aliceLaptop.reload()
  await expect(aliceLaptop.getByRole('button', { name: 'Sign in' })).toBeVisible()

  // The audit log in the console shows each step: who did it, what, to whom.
  await ada.reload()
  const audit = auditTable(ada)
  const entry = (action: string, target: string) =>
    audit.getByRole('row').filter({ hasText: action }).filter({ hasText: target })
  await expect(entry('user.role.change', aliceId)).toHaveCount(1)
  await expect(entry('user.role.change', aliceId)).toContainText('Ada Admin')
  await expect(entry('user.disable', bobId)).toHaveCount(1)
  await expect(entry('user.disable', bobId)).toContainText('Alice Chain')
  await expect(entry('session.revoke', aliceId)).toHaveCount(1)
  await expect(entry('session.revoke', aliceId)).toContainText('Alice Chain')

  for (const page of [ada, alice, aliceLaptop, bob]) await page.context().close()

  // `stratos audit verify` on the instance's database: the chain holds every entry.
  const db = createDatabase({ kind: 'sqlite', file: join(stack.dataDir, 'stratos.sqlite') })
  try {
    const rows = await db.selectFrom('audit_log').select(['seq', 'id', 'action']).orderBy('seq').execute()
    const verified = await runStratos(['audit', 'verify', '--data', stack.dataDir])
    expect(verified.stderr).toBe('')
    expect(verified.code).toBe(0)
    expect(verified.stdout).toContain(
      `stratos audit verify: OK, ${rows.length} entries, head seq ${rows.length}`,
    )

    // One row edited in the database behind the app's back: verify fails and names that row.
    const edited = rows.find((row) => row.action === 'user.role.change')!
    await db
      .updateTable('audit_log')
      .set({ details: JSON.stringify({ before: { role: 'user' }, after: { role: 'user' } }) })
      .where('seq', '=', edited.seq)
      .execute()
    const tampered = await runStratos(['audit', 'verify', '--data', stack.dataDir])
    expect(tampered.code).toBe(1)
    expect(tampered.stderr).toContain(`FAILED (edited) at seq ${edited.seq} id ${edited.id}`)
  } finally {
    await db.destroy()
  }
})
