import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { ledgerApiTokenAt } from '@stratos/canton-devnet/testing'
import {
  confirmAndSign,
  type CantonPerson as Person,
  partyIdOf,
  signUpWithCanton,
  startSend,
} from './cantonPeople.js'
import { type Stack, startStack } from './stack.js'

// A wallet bigger than a participant's list limit: `stratos dev` runs canton-devnet at Canton's
// default http-list-max-elements-limit (200), so 500 holdings only list through paging.
const HOLDINGS = 500
/** Each holding: 2 USDX, so 1,000 in all. */
const HOLDING_AMOUNT = '2'
/** The API's Ledger API user on the dev stack's devnet (it acts as the dev registry). */
const API_USER = 'stratos-wallet'
const DEV_TRANSFER_FACTORY = '#stratos-devnet-token:Stratos.Devnet.Token:TestTransferFactory'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

/**
 * Mints HOLDINGS holdings to `owner` in one transaction, as the dev registry (the instrument
 * admin) straight on the stack's participant: what the dev faucet does, 500 times at once.
 */
async function mintHoldings(person: Person, owner: string) {
  const status = await person.page.request.get(`${stack.url}/api/canton/status`)
  const { instrument } = (await status.json()) as { instrument: { admin: string; id: string } }
  const token = await ledgerApiTokenAt(join(stack.dataDir, 'canton'), API_USER)
  const ledger = async (path: string, body: unknown) => {
    const res = await fetch(`${stack.cantonUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
    return res.json()
  }
  const end = await (
    await fetch(`${stack.cantonUrl}/v2/state/ledger-end`, { headers: { authorization: `Bearer ${token}` } })
  ).json()
  const [factory] = await ledger('/v2/state/active-contracts', {
    activeAtOffset: end.offset,
    eventFormat: {
      filtersByParty: {
        [instrument.admin]: {
          cumulative: [
            { identifierFilter: { TemplateFilter: { value: { templateId: DEV_TRANSFER_FACTORY } } } },
          ],
        },
      },
    },
  })
  const mint = {
    ExerciseCommand: {
      templateId: DEV_TRANSFER_FACTORY,
      contractId: factory.contractEntry.JsActiveContract.createdEvent.contractId,
      choice: 'Mint',
      choiceArgument: { owner, instrumentId: instrument.id, amount: HOLDING_AMOUNT },
    },
  }
  await ledger('/v2/commands/submit-and-wait', {
    commandId: crypto.randomUUID(),
    actAs: [instrument.admin],
    commands: Array.from({ length: HOLDINGS }, () => mint),
  })
}

/** The person's holdings as the API lists them: how many, and the unlocked and locked totals. */
async function holdingsOf(person: Person) {
  const res = await person.page.request.get(`${stack.url}/api/canton/holdings`)
  expect(res.status()).toBe(200)
  const body = (await res.json()) as {
    holdings: { locked: boolean }[]
    totals: { instrumentId: { id: string }; unlocked: string; locked: string }[]
  }
  const usdx = body.totals.find((t) => t.instrumentId.id === 'USDX')
  return {
    count: body.holdings.filter((h) => !h.locked).length,
    unlocked: usdx?.unlocked ?? '0',
    locked: usdx?.locked ?? '0',
  }
}

test('a user with 500 holdings sees the right balance and sends; the receiver accepts', async ({
  browser,
}) => {
  const erin = await signUpWithCanton(browser, stack.url, 'Erin')
  const finn = await signUpWithCanton(browser, stack.url, 'Finn')
  const erinParty = await partyIdOf(erin, 'erin')
  const finnParty = await partyIdOf(finn, 'finn')

  await mintHoldings(erin, erinParty)
  expect(await holdingsOf(erin)).toEqual({ count: HOLDINGS, unlocked: '1000', locked: '0' })
  // The card polls its holdings: the 500 minted behind its back show up on their own.
  await expect(erin.canton.getByTestId('canton-balance')).toHaveText('1000')

  // 150 takes 75 holdings of 2: within what one transfer may spend, no change.
  await startSend(erin, finnParty, '150')
  const review = erin.canton.getByRole('region', { name: 'Review transfer' })
  await expect(review.getByTestId('review-receiver')).toHaveText(finnParty)
  await expect(review.getByTestId('review-amount')).toHaveText('150 USDX')
  await confirmAndSign(erin, review, 'Sent')
  await expect(erin.canton.getByTestId('canton-balance')).toHaveText('850')
  await expect(erin.canton.getByTestId('canton-locked')).toHaveText('150')
  expect(await holdingsOf(erin)).toEqual({ count: HOLDINGS - 75, unlocked: '850', locked: '150' })

  const incoming = finn.canton.getByRole('region', { name: 'Incoming transfers' }).getByRole('listitem')
  await expect(incoming).toHaveCount(1)
  await expect(incoming).toContainText('150 USDX')
  await incoming.getByRole('button', { name: 'Accept' }).click()
  const accept = finn.canton.getByRole('region', { name: 'Review: accept the incoming transfer' })
  await expect(accept.getByTestId('review-amount')).toHaveText('150 USDX')
  await confirmAndSign(finn, accept, 'Accepted')
  await expect(finn.canton.getByTestId('canton-balance')).toHaveText('150')
  await expect(erin.canton.getByTestId('canton-balance')).toHaveText('850')
  await expect(erin.canton.getByTestId('canton-locked')).toHaveCount(0)
  expect(await holdingsOf(erin)).toEqual({ count: HOLDINGS - 75, unlocked: '850', locked: '0' })
  expect(await holdingsOf(finn)).toEqual({ count: 1, unlocked: '150', locked: '0' })

  await erin.close()
  await finn.close()
})
