import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DamlJson } from '../daml/DamlJson.js'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { TokenStandard } from '../templates/registerTokenStandard.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'
import {
  executeSigned,
  prepareTransfer,
  setupTokenScenario,
  type TokenScenario,
} from '../testing/tokenScenario.js'

let devnet: CantonDevnet
let client: DevnetTestClient
let s: TokenScenario
let start: number
let transferUpdateId: string
beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
  start = (await client.ok('GET', '/v2/state/ledger-end')).offset
  s = await setupTokenScenario(client)
  const res = await executeSigned(
    client,
    s,
    await prepareTransfer(client, s, s.alice, s.bob.partyId, '30'),
    s.alice,
  )
  transferUpdateId = res.body.updateId
})
afterAll(() => devnet.stop())

const wildcardFormat = (party: string, shape: string) => ({
  includeTransactions: { transactionShape: shape, eventFormat: { filtersByParty: { [party]: {} } } },
})
const holdingFormat = (party: string, shape: string) => ({
  includeTransactions: {
    transactionShape: shape,
    eventFormat: {
      filtersByParty: {
        [party]: {
          cumulative: [
            {
              identifierFilter: {
                InterfaceFilter: {
                  value: { interfaceId: TokenStandard.holdingInterfaceId, includeInterfaceView: true },
                },
              },
            },
          ],
        },
      },
    },
  },
})

describe('POST /v2/updates', () => {
  test("behavior: ACS-delta history of alice's holdings: the mint, then the transfer (archive + change + lock)", async () => {
    const updates = await client.ok<DamlJson[]>('POST', '/v2/updates', {
      token: s.operatorToken,
      body: {
        beginExclusive: start,
        updateFormat: holdingFormat(s.alice.partyId, 'TRANSACTION_SHAPE_ACS_DELTA'),
      },
    })
    expect(updates).toHaveLength(2)
    const [mintTx, transferTx] = updates.map((u) => u.update.Transaction.value)
    expect(mintTx.events.map((e: object) => Object.keys(e)[0])).toEqual(['CreatedEvent'])
    expect(transferTx.updateId).toBe(transferUpdateId)
    expect(transferTx.events.map((e: object) => Object.keys(e)[0]).sort()).toEqual([
      'ArchivedEvent',
      'CreatedEvent',
      'CreatedEvent',
    ])
    expect(transferTx.offset).toBeGreaterThan(mintTx.offset)
  })

  test('behavior: ledger effects show the exercised choices; limit and endInclusive bound the range', async () => {
    const effects = await client.ok<DamlJson[]>('POST', '/v2/updates', {
      token: s.operatorToken,
      query: { limit: '1' },
      body: {
        beginExclusive: start,
        updateFormat: holdingFormat(s.alice.partyId, 'TRANSACTION_SHAPE_LEDGER_EFFECTS'),
      },
    })
    expect(effects).toHaveLength(1)
    // Alice is no informee of the admin's Mint exercise: she sees the created holding only.
    const events = effects[0].update.Transaction.value.events
    expect(events.map((e: object) => Object.keys(e)[0])).toEqual(['CreatedEvent'])
    expect(events[0].CreatedEvent.acsDelta).toBe(true)
    const none = await client.ok<DamlJson[]>('POST', '/v2/updates', {
      token: s.operatorToken,
      body: {
        beginExclusive: start,
        endInclusive: start,
        updateFormat: holdingFormat(s.alice.partyId, 'TRANSACTION_SHAPE_ACS_DELTA'),
      },
    })
    expect(none).toEqual([])
  })

  test('behavior: update-by-id and transaction-by-id find the transfer; unknown ids are 404 UPDATE_NOT_FOUND', async () => {
    const byId = await client.ok('POST', '/v2/updates/update-by-id', {
      token: s.operatorToken,
      body: {
        updateId: transferUpdateId,
        updateFormat: wildcardFormat(s.alice.partyId, 'TRANSACTION_SHAPE_LEDGER_EFFECTS'),
      },
    })
    const events = byId.update.Transaction.value.events
    expect(events[0].ExercisedEvent).toEqual(
      expect.objectContaining({
        choice: 'TransferFactory_Transfer',
        actingParties: [s.alice.partyId],
        consuming: false,
        nodeId: 0,
      }),
    )
    expect(events[0].ExercisedEvent.lastDescendantNodeId).toBe(
      events.at(-1).CreatedEvent?.nodeId ?? events.at(-1).ExercisedEvent.nodeId,
    )
    // Holding filter: the interface choice on the factory is not a Holding event; the archive of the input is.
    const holdingOnly = await client.ok('POST', '/v2/updates/update-by-id', {
      token: s.operatorToken,
      body: {
        updateId: transferUpdateId,
        updateFormat: holdingFormat(s.alice.partyId, 'TRANSACTION_SHAPE_LEDGER_EFFECTS'),
      },
    })
    expect(holdingOnly.update.Transaction.value.events[0].ExercisedEvent.choice).toBe('Archive')
    const tx = await client.ok('POST', '/v2/updates/transaction-by-id', {
      token: s.operatorToken,
      body: { updateId: transferUpdateId, requestingParties: [s.bob.partyId] },
    })
    expect(tx.transaction.updateId).toBe(transferUpdateId)
    const missing = await client.call('POST', '/v2/updates/update-by-id', {
      token: s.operatorToken,
      body: { updateId: 'nope', updateFormat: holdingFormat(s.alice.partyId, 'TRANSACTION_SHAPE_ACS_DELTA') },
    })
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe('UPDATE_NOT_FOUND')
  })

  test('error: an offset after the ledger end is refused', async () => {
    const res = await client.call('POST', '/v2/updates', {
      token: s.operatorToken,
      body: {
        beginExclusive: 1_000_000,
        updateFormat: holdingFormat(s.alice.partyId, 'TRANSACTION_SHAPE_ACS_DELTA'),
      },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('OFFSET_AFTER_LEDGER_END')
  })
})
