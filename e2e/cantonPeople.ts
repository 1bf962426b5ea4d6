import { type Browser, expect, type Locator, type Page } from '@playwright/test'
import { signUp } from './people.js'

/** A signed-up person and their wallet's Canton card. */
export interface CantonPerson {
  page: Page
  /** The Canton card (a test id: an accessible name "Canton" would match other tests' /to/i labels). */
  canton: Locator
  close(): Promise<void>
}

/** A person with their own browser profile and passkey, signed up at `url` under `name`. */
export async function signUpWithCanton(browser: Browser, url: string, name: string): Promise<CantonPerson> {
  const page = await signUp(browser, url, name)
  return { page, canton: page.getByTestId('canton-card'), close: () => page.context().close() }
}

/** The party id the Canton address card shows once onboarding allocated it. */
export async function partyIdOf(person: CantonPerson, hint: string): Promise<string> {
  const party = person.page.getByTestId('canton-party')
  await expect(party).toHaveText(new RegExp(`^${hint}::1220[0-9a-f]{64}$`))
  return (await party.textContent())!.trim()
}

/** Fills the send form and asks for the review (prepare + browser verification). */
export async function startSend(person: CantonPerson, receiver: string, amount: string) {
  await person.canton.getByRole('button', { name: 'Send', exact: true }).click()
  await person.canton.getByLabel('Receiver party id').fill(receiver)
  await person.canton.getByLabel('Amount (USDX)').fill(amount)
  await person.canton.getByRole('button', { name: 'Review' }).click()
}

/** Signs the review and waits for the card to report `done` with the update id. */
export async function confirmAndSign(person: CantonPerson, review: Locator, done: string) {
  await review.getByRole('button', { name: 'Confirm and sign' }).click()
  const status = person.canton.getByRole('status').filter({ hasText: done })
  await expect(status).toBeVisible()
  await expect(status.getByTestId('canton-update-id')).not.toBeEmpty()
  await status.getByRole('button', { name: 'Done' }).click()
}
