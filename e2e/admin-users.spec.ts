import { expect, test } from '@playwright/test'
import { changeUser, usersSection } from './adminConsole.js'
import { signUp } from './people.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

test('an admin promotes a user; the new admin disables a third user, whose open session ends at once', async ({
  browser,
}) => {
  // Three people sign up with passkeys (key derivation in each browser): longer than one flow.
  test.setTimeout(240_000)
  const ada = await signUp(browser, stack.enrollLink!, 'Ada Admin')
  const bob = await signUp(browser, stack.url, 'Bob Builder')

  // Ada invites Carol through a one-time link shown once.
  await ada.getByRole('link', { name: 'Admin' }).click()
  await expect(ada.getByRole('heading', { name: 'Admin console' })).toBeVisible()
  const invites = ada.getByRole('region', { name: 'Invite links' })
  await invites.getByLabel('Account role').selectOption('user')
  await invites.getByRole('button', { name: 'Create invite link' }).click()
  const linkField = invites.getByLabel('New user invite link')
  await expect(linkField).toHaveValue(/\/enroll#invite=/)
  const inviteLink = await linkField.inputValue()
  await expect(invites.getByRole('table', { name: 'Outstanding invite links' }).getByRole('row')).toHaveCount(
    2,
  )

  const carol = await signUp(browser, inviteLink, 'Carol Invited')
  expect((await (await carol.request.get(`${stack.url}/api/me`)).json()).user.role).toBe('user')

  // Ada promotes Bob.
  await ada.reload()
  await changeUser(ada, 'Bob Builder', 'Promote', 'Confirm: make admin')
  await expect(usersSection(ada).getByRole('status')).toHaveText('Bob Builder is now an admin.')
  await expect(usersSection(ada).getByRole('row').filter({ hasText: 'Bob Builder' })).toContainText('admin')

  // Bob, now an admin in his own browser, disables Carol.
  await bob.goto(`${stack.url}/admin`)
  await expect(bob.getByRole('heading', { name: 'Admin console' })).toBeVisible()
  await changeUser(bob, 'Carol Invited', 'Disable', 'Confirm: disable account')
  await expect(usersSection(bob).getByRole('status')).toContainText('every session of it has ended')
  await expect(usersSection(bob).getByRole('row').filter({ hasText: 'Carol Invited' })).toContainText(
    'Disabled',
  )

  // Carol's open session is refused on her very next request, and her next page is the sign-in page.
  expect((await carol.request.get(`${stack.url}/api/me`)).status()).toBe(401)
  await carol.reload()
  const signIn = carol.getByRole('button', { name: 'Sign in' })
  await expect(signIn).toBeVisible()
  await signIn.click()
  await expect(carol.getByRole('alert')).toContainText(/disabled/i)
  expect((await carol.request.get(`${stack.url}/api/me`)).status()).toBe(401)

  // The last admin standing cannot be demoted: Bob demotes Ada, then Bob's own demotion is refused.
  await changeUser(bob, 'Ada Admin', 'Demote', 'Confirm: remove admin role')
  await expect(usersSection(bob).getByRole('status')).toHaveText('Ada Admin is no longer an admin.')
  await changeUser(bob, 'Bob Builder', 'Demote', 'Confirm: remove admin role')
  await expect(usersSection(bob).getByRole('alert')).toContainText('last enabled admin cannot be demoted')

  // Every change is in the audit log.
  const audit = bob.getByRole('table', { name: 'Audit log' })
  await bob.reload()
  for (const action of ['user.invite.create', 'user.invite.use', 'user.role.change', 'user.disable'])
    await expect(audit.getByRole('row').filter({ hasText: action }).first()).toBeVisible()

  for (const page of [ada, bob, carol]) await page.context().close()
})
