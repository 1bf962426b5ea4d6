import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DamlJson } from '../daml/DamlJson.js'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { TokenStandard } from '../templates/registerTokenStandard.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'
import {
  executeSigned,
  prepareInstructionChoice,
  prepareTransfer,
  setupTokenScenario,
  type TokenScenario,
} from '../testing/tokenScenario.js'

let devnet: CantonDevnet
let client: DevnetTestClient
let s: TokenScenario
let instructionCid: string
let rejectOffset: number
beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
  s = await setupTokenScenario(client)
  const sent = await executeSigned(
    client,
    s,
    await prepareTransfer(client, s, s.alice, s.bob.partyId, '30'),
    s.alice,
  )
  const tx = await client.ok('POST', '/v2/updates/update-by-id', {
    token: s.operatorToken,
    body: { updateId: sent.body.updateId, updateFormat: instructionFormat(s.bob.partyId) },
  })
  instructionCid = tx.update.Transaction.value.events[0].CreatedEvent.contractId
  await executeSigned(
    client,
    s,
    await prepareInstructionChoice(client, s, s.bob, instructionCid, 'TransferInstruction_Reject'),
    s.bob,
  )
  rejectOffset = (await client.ok('GET', '/v2/state/ledger-end')).offset
})
afterAll(() => devnet.stop())

const instructionFilter = (party: string) => ({
  filtersByParty: {
    [party]: {
      cumulative: [
        {
          identifierFilter: {
            InterfaceFilter: {
              value: {
                interfaceId: TokenStandard.transferInstructionInterfaceId,
                includeInterfaceView: true,
              },
            },
          },
        },
      ],
    },
  },
})
function instructionFormat(party: string) {
  return {
    includeTransactions: {
      transactionShape: 'TRANSACTION_SHAPE_ACS_DELTA',
      eventFormat: instructionFilter(party),
    },
  }
}

describe('POST /v2/events/events-by-contract-id', () => {
  test('behavior: a stakeholder gets the create (with the interface view) and the archive of a consumed contract', async () => {
    const events = await client.ok('POST', '/v2/events/events-by-contract-id', {
      token: s.operatorToken,
      body: { contractId: instructionCid, eventFormat: instructionFilter(s.bob.partyId) },
    })
    const created = events.created.createdEvent
    expect(created.contractId).toBe(instructionCid)
    expect(created.interfaceViews[0].viewValue.transfer).toMatchObject({
      sender: s.alice.partyId,
      receiver: s.bob.partyId,
      amount: '30.0000000000',
    })
    expect(events.archived.archivedEvent).toMatchObject({ contractId: instructionCid, offset: rejectOffset })
  })

  test('error: a contract the reader is no stakeholder of, or an unknown id, is 404 CONTRACT_EVENTS_NOT_FOUND', async () => {
    const stranger = await client.onboardExternalParty('stranger')
    for (const [contractId, party] of [
      [instructionCid, stranger.partyId],
      [`00${'ab'.repeat(33)}`, s.bob.partyId],
    ] as const) {
      const res = await client.call('POST', '/v2/events/events-by-contract-id', {
        token: s.operatorToken,
        body: { contractId, eventFormat: instructionFilter(party) },
      })
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('CONTRACT_EVENTS_NOT_FOUND')
    }
  })
})

describe('POST /v2/updates with descendingOrder', () => {
  test('behavior: newest first from endInclusive, at most limit', async () => {
    const newest = await client.ok<DamlJson[]>('POST', '/v2/updates', {
      token: s.operatorToken,
      query: { limit: '2' },
      body: {
        beginExclusive: 0,
        endInclusive: rejectOffset,
        descendingOrder: true,
        updateFormat: instructionFormat(s.bob.partyId),
      },
    })
    // Bob's instruction events: the reject (its archive), then the transfer (its create).
    const offsets = newest.map((u) => u.update.Transaction.value.offset)
    expect(offsets).toEqual([rejectOffset, expect.any(Number)])
    expect(offsets[1]).toBeLessThan(rejectOffset)
    const older = await client.ok<DamlJson[]>('POST', '/v2/updates', {
      token: s.operatorToken,
      query: { limit: '1' },
      body: {
        beginExclusive: 0,
        endInclusive: rejectOffset - 1,
        descendingOrder: true,
        updateFormat: instructionFormat(s.bob.partyId),
      },
    })
    expect(older.map((u) => u.update.Transaction.value.offset)).toEqual([offsets[1]])
  })
})
