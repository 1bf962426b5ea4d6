import { expect, type Locator, test } from '@playwright/test'
import {
  confirmAndSign,
  type CantonPerson as Person,
  partyIdOf,
  signUpWithCanton,
  startSend,
} from './cantonPeople.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

/** Holdings totals and pending instructions as the API reports them to the person's session. */
async function ledgerState(person: Person) {
  const holdings = await person.page.request.get(`${stack.url}/api/canton/holdings`)
  expect(holdings.status()).toBe(200)
  const { totals } = (await holdings.json()) as {
    totals: { instrumentId: { id: string }; unlocked: string; locked: string }[]
  }
  const usdx = totals.find((t) => t.instrumentId.id === 'USDX')
  const instructions = await person.page.request.get(`${stack.url}/api/canton/instructions`)
  const { incoming, outgoing } = (await instructions.json()) as { incoming: unknown[]; outgoing: unknown[] }
  return {
    unlocked: usdx?.unlocked ?? '0',
    locked: usdx?.locked ?? '0',
    incoming: incoming.length,
    outgoing: outgoing.length,
  }
}

async function getTestTokens(person: Person) {
  await person.canton.getByRole('button', { name: 'Get test tokens' }).click()
  await expect(person.canton.getByRole('status').filter({ hasText: 'Received 100 test USDX' })).toBeVisible()
  await expect(person.canton.getByTestId('canton-balance')).toHaveText('100')
}

test('two users get Canton parties, send, accept and reject token-standard transfers', async ({
  browser,
}) => {
  const alice = await signUpWithCanton(browser, stack.url, 'Alice')
  const bob = await signUpWithCanton(browser, stack.url, 'Bob')
  const aliceParty = await partyIdOf(alice, 'alice')
  const bobParty = await partyIdOf(bob, 'bob')
  expect(aliceParty).not.toBe(bobParty)
  await getTestTokens(alice)

  // Alice sends 25: the review shows what her browser decoded from the prepared transaction.
  await startSend(alice, bobParty, '25')
  const review = alice.canton.getByRole('region', { name: 'Review transfer' })
  await expect(review.getByTestId('review-sender')).toHaveText(aliceParty)
  await expect(review.getByTestId('review-receiver')).toHaveText(bobParty)
  await expect(review.getByTestId('review-amount')).toHaveText('25 USDX')
  await confirmAndSign(alice, review, 'Sent')
  await expect(alice.canton.getByTestId('canton-balance')).toHaveText('75')
  await expect(alice.canton.getByTestId('canton-locked')).toHaveText('25')
  await expect(
    alice.canton.getByRole('region', { name: 'Your pending transfers' }).getByRole('listitem'),
  ).toHaveCount(1)

  // Bob sees it pending and accepts.
  const incoming = bob.canton.getByRole('region', { name: 'Incoming transfers' }).getByRole('listitem')
  await expect(incoming).toHaveCount(1)
  await expect(incoming).toContainText('25 USDX')
  await expect(incoming).toContainText(aliceParty)
  await incoming.getByRole('button', { name: 'Accept' }).click()
  const accept = bob.canton.getByRole('region', { name: 'Review: accept the incoming transfer' })
  await expect(accept.getByTestId('review-amount')).toHaveText('25 USDX')
  await confirmAndSign(bob, accept, 'Accepted')
  await expect(bob.canton.getByTestId('canton-balance')).toHaveText('25')
  await expect(incoming).toHaveCount(0)
  await expect(alice.canton.getByTestId('canton-balance')).toHaveText('75')
  await expect(alice.canton.getByTestId('canton-locked')).toHaveCount(0)
  expect(await ledgerState(alice)).toEqual({ unlocked: '75', locked: '0', incoming: 0, outgoing: 0 })
  expect(await ledgerState(bob)).toEqual({ unlocked: '25', locked: '0', incoming: 0, outgoing: 0 })

  // Alice sends again; Bob rejects; Alice has it back.
  await startSend(alice, bobParty, '10')
  await confirmAndSign(alice, alice.canton.getByRole('region', { name: 'Review transfer' }), 'Sent')
  await expect(alice.canton.getByTestId('canton-balance')).toHaveText('65')
  await expect(incoming).toHaveCount(1)
  await incoming.getByRole('button', { name: 'Reject' }).click()
  await confirmAndSign(
    bob,
    bob.canton.getByRole('region', { name: 'Review: reject the incoming transfer' }),
    'Rejected',
  )
  await expect(alice.canton.getByTestId('canton-balance')).toHaveText('75')
  await expect(bob.canton.getByTestId('canton-balance')).toHaveText('25')
  expect(await ledgerState(alice)).toEqual({ unlocked: '75', locked: '0', incoming: 0, outgoing: 0 })
  expect(await ledgerState(bob)).toEqual({ unlocked: '25', locked: '0', incoming: 0, outgoing: 0 })

  // Both histories tell the story from their own side, newest first.
  const aliceHistory = await openHistory(alice)
  await expect(aliceHistory).toHaveCount(5)
  await expect(aliceHistory.nth(0)).toContainText(`Rejected by ${short(bobParty)}: 10 USDX`)
  await expect(aliceHistory.nth(1)).toContainText(`Sent 10 USDX to ${short(bobParty)}`)
  await expect(aliceHistory.nth(2)).toContainText(`Accepted by ${short(bobParty)}: 25 USDX`)
  await expect(aliceHistory.nth(3)).toContainText(`Sent 25 USDX to ${short(bobParty)}`)
  await expect(aliceHistory.nth(4)).toContainText('Minted 100 USDX to you')
  const bobHistory = await openHistory(bob)
  await expect(bobHistory).toHaveCount(4)
  await expect(bobHistory.nth(0)).toContainText(`Rejected 10 USDX from ${short(aliceParty)}`)
  await expect(bobHistory.nth(2)).toContainText(`Accepted 25 USDX from ${short(aliceParty)}`)
  await expect(bobHistory.nth(3)).toContainText(`Received 25 USDX from ${short(aliceParty)}`)
  await expect(bobHistory.nth(3).getByRole('button', { name: 'Copy update id' })).toBeVisible()

  await alice.close()
  await bob.close()
})

/** How the history names a party: its hint and 8 characters of the fingerprint. */
function short(partyId: string): string {
  return `${partyId.slice(0, partyId.indexOf('::') + 10)}…`
}

/** Opens the Canton card's history; its rows, newest first. */
async function openHistory(person: Person): Promise<Locator> {
  const toggle = person.canton.getByRole('button', { name: 'History', exact: true })
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  return person.canton
    .getByRole('region', { name: 'History', exact: true })
    .getByTestId('canton-history-item')
}

test('a prepared transaction whose hash the server altered is refused by the browser; nothing executes', async ({
  browser,
}) => {
  const carol = await signUpWithCanton(browser, stack.url, 'Carol')
  const dave = await signUpWithCanton(browser, stack.url, 'Dave')
  await partyIdOf(carol, 'carol')
  const daveParty = await partyIdOf(dave, 'dave')
  await getTestTokens(carol)

  // A compromised server: the prepare answer carries a hash of something else.
  let executes = 0
  await carol.page.route('**/api/canton/execute', (route) => {
    executes++
    return route.continue()
  })
  await carol.page.route('**/api/canton/transfers/prepare', async (route) => {
    const response = await route.fetch()
    const body = await response.json()
    const hash = Buffer.from(body.preparedTransactionHash, 'base64')
    hash[0] = hash[0]! ^ 0xff
    await route.fulfill({ response, json: { ...body, preparedTransactionHash: hash.toString('base64') } })
  })

  await startSend(carol, daveParty, '5')
  await expect(carol.canton.getByRole('alert')).toHaveText(
    'The transaction the server prepared does not match its hash; nothing was signed',
  )
  await expect(carol.canton.getByRole('region', { name: 'Review transfer' })).toHaveCount(0)
  await expect(carol.canton.getByRole('button', { name: 'Confirm and sign' })).toHaveCount(0)
  expect(executes).toBe(0)
  expect(await ledgerState(carol)).toEqual({ unlocked: '100', locked: '0', incoming: 0, outgoing: 0 })
  expect(await ledgerState(dave)).toEqual({ unlocked: '0', locked: '0', incoming: 0, outgoing: 0 })
  await expect(carol.canton.getByTestId('canton-balance')).toHaveText('100')

  await carol.close()
  await dave.close()
})
