import { expect, type Locator, type Page } from '@playwright/test'

/** The admin console's Users section. */
export function usersSection(page: Page): Locator {
  return page.getByRole('region', { name: 'Users', exact: true })
}

/** The users table's row of the user named `name` (after a search for it). */
export function userRow(page: Page, name: string): Locator {
  return usersSection(page).getByRole('row').filter({ hasText: name })
}

/**
 * Asks for `action` (Promote, Demote, Disable, Enable) on the user named `name` in the users
 * table and confirms it with the button `confirm`. It waits for nothing after the click: a
 * step-up (a passkey assertion the virtual authenticator answers) may come first, so the caller
 * waits on what the change shows in the console.
 */
export async function changeUser(page: Page, name: string, action: string, confirm: string): Promise<void> {
  const users = usersSection(page)
  await users.getByLabel('Search users').fill(name)
  await users.getByRole('button', { name: 'Search' }).click()
  const row = userRow(page, name)
  await expect(row).toHaveCount(1)
  await row.getByRole('button', { name: action }).click()
  await users.getByRole('button', { name: confirm }).click()
}

/** The audit log table of the admin console. */
export function auditTable(page: Page): Locator {
  return page.getByRole('region', { name: 'Audit log' }).getByRole('table', { name: 'Audit log' })
}
