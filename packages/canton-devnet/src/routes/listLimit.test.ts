import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DamlJson } from '../daml/DamlJson.js'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { TokenStandard } from '../templates/registerTokenStandard.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'
import { INSTRUMENT, setupTokenScenario, type TokenScenario } from '../testing/tokenScenario.js'

// canton Endpoints.asList / handleListLimit and JsonApiErrors.MaximumNumberOfElements: a list
// endpoint reads at most min(limit, node limit + 1) elements and answers 413 above the node limit.
const NODE_LIMIT = 3
const HOLDINGS = 7

let devnet: CantonDevnet
let client: DevnetTestClient
let s: TokenScenario
let start: number
beforeAll(async () => {
  devnet = await startCantonDevnet({ httpListMaxElementsLimit: NODE_LIMIT })
  client = await new DevnetTestClient(devnet).init()
  start = (await client.ok('GET', '/v2/state/ledger-end')).offset
  s = await setupTokenScenario(client, '0')
  // HOLDINGS mints for alice, one transaction each: HOLDINGS holdings and HOLDINGS updates.
  for (let i = 0; i < HOLDINGS; i++) {
    await client.ok('POST', '/v2/commands/submit-and-wait', {
      token: s.adminToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.admin],
        commands: [
          {
            ExerciseCommand: {
              templateId: TokenStandard.transferFactoryTemplateId,
              contractId: s.factoryCid,
              choice: 'Mint',
              choiceArgument: { owner: s.alice.partyId, instrumentId: INSTRUMENT, amount: String(i + 1) },
            },
          },
        ],
      },
    })
  }
})
afterAll(() => devnet.stop())

const holdingFormat = () => ({
  filtersByParty: {
    [s.alice.partyId]: {
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
})

const expectTooMany = (res: { status: number; body: DamlJson }, elements: number) => {
  expect(res.status).toBe(413)
  expect(res.body).toMatchObject({
    code: 'JSON_API_MAXIMUM_LIST_ELEMENTS_NUMBER_REACHED',
    cause: `The number of matching elements (${elements}) is greater than the node limit (${NODE_LIMIT}).`,
    errorCategory: 2,
    grpcCodeValue: 10,
    retryInfo: '1 second',
  })
}

describe('POST /v2/state/active-contracts above http-list-max-elements-limit', () => {
  test('error: without limit, more contracts than the node limit is 413 with Canton’s error', async () => {
    const offset = (await client.ok('GET', '/v2/state/ledger-end')).offset
    const res = await client.call('POST', '/v2/state/active-contracts', {
      token: s.operatorToken,
      body: { activeAtOffset: offset, eventFormat: holdingFormat() },
    })
    expectTooMany(res, NODE_LIMIT + 1)
    // A limit above the node's is no way around it.
    const above = await client.call('POST', '/v2/state/active-contracts', {
      token: s.operatorToken,
      query: { limit: String(NODE_LIMIT + 1) },
      body: { activeAtOffset: offset, eventFormat: holdingFormat() },
    })
    expectTooMany(above, NODE_LIMIT + 1)
  })

  test('behavior: limit and streamContinuationToken page through the whole snapshot', async () => {
    const offset = (await client.ok('GET', '/v2/state/ledger-end')).offset
    const seen: string[] = []
    let token: string | undefined
    let pages = 0
    for (;;) {
      const page = await client.ok<DamlJson[]>('POST', '/v2/state/active-contracts', {
        token: s.operatorToken,
        query: { limit: String(NODE_LIMIT) },
        body: {
          activeAtOffset: offset,
          eventFormat: holdingFormat(),
          ...(token ? { streamContinuationToken: token } : {}),
        },
      })
      pages++
      expect(page.length).toBeLessThanOrEqual(NODE_LIMIT)
      for (const r of page) seen.push(r.contractEntry.JsActiveContract.createdEvent.contractId)
      if (page.length < NODE_LIMIT) break
      token = page.at(-1).streamContinuationToken
      expect(token).toEqual(expect.any(String))
    }
    expect(pages).toBe(Math.ceil((HOLDINGS + 1) / NODE_LIMIT))
    expect(seen).toHaveLength(HOLDINGS)
    expect(new Set(seen).size).toBe(HOLDINGS)
  })

  test('error: a continuation token is tied to its snapshot’s offset; a forged one is 400', async () => {
    const offset = (await client.ok('GET', '/v2/state/ledger-end')).offset
    const [first] = await client.ok<DamlJson[]>('POST', '/v2/state/active-contracts', {
      token: s.operatorToken,
      query: { limit: '1' },
      body: { activeAtOffset: offset, eventFormat: holdingFormat() },
    })
    const other = await client.call('POST', '/v2/state/active-contracts', {
      token: s.operatorToken,
      query: { limit: '1' },
      body: {
        activeAtOffset: offset - 1,
        eventFormat: holdingFormat(),
        streamContinuationToken: first.streamContinuationToken,
      },
    })
    expect(other.status).toBe(400)
    expect(other.body.code).toBe('INVALID_ARGUMENT')
    const forged = await client.call('POST', '/v2/state/active-contracts', {
      token: s.operatorToken,
      query: { limit: '1' },
      body: { activeAtOffset: offset, eventFormat: holdingFormat(), streamContinuationToken: '%%%' },
    })
    expect(forged.status).toBe(400)
  })
})

describe('POST /v2/updates above http-list-max-elements-limit', () => {
  const body = (extra: object = {}) => ({
    beginExclusive: start,
    updateFormat: {
      includeTransactions: {
        transactionShape: 'TRANSACTION_SHAPE_ACS_DELTA',
        eventFormat: holdingFormat(),
      },
    },
    ...extra,
  })

  test('error: more updates than the node limit is 413, never a list cut short', async () => {
    for (const path of ['/v2/updates', '/v2/updates/flats'])
      expectTooMany(await client.call('POST', path, { token: s.operatorToken, body: body() }), NODE_LIMIT + 1)
    const descending = await client.call('POST', '/v2/updates', {
      token: s.operatorToken,
      body: body({
        descendingOrder: true,
        endInclusive: (await client.ok('GET', '/v2/state/ledger-end')).offset,
      }),
    })
    expectTooMany(descending, NODE_LIMIT + 1)
  })

  test('behavior: limit up to the node limit answers; continuing after the last offset reads the rest', async () => {
    const offsets: number[] = []
    let begin = start
    for (;;) {
      const page = await client.ok<DamlJson[]>('POST', '/v2/updates', {
        token: s.operatorToken,
        query: { limit: String(NODE_LIMIT) },
        body: body({ beginExclusive: begin }),
      })
      for (const u of page) offsets.push(u.update.Transaction.value.offset)
      if (page.length < NODE_LIMIT) break
      begin = offsets.at(-1)!
    }
    expect(offsets).toHaveLength(HOLDINGS)
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets)
  })
})

describe('POST /v2/commands/completions above http-list-max-elements-limit', () => {
  test('error: more completions than the node limit is 413; limit pages them', async () => {
    const adminUser = (await client.ok('GET', '/v2/authenticated-user', { token: s.adminToken })).user.id
    const request = { userId: adminUser, parties: [s.admin], beginExclusive: start }
    expectTooMany(
      await client.call('POST', '/v2/commands/completions', { token: s.adminToken, body: request }),
      NODE_LIMIT + 1,
    )
    const page = await client.ok<DamlJson[]>('POST', '/v2/commands/completions', {
      token: s.adminToken,
      query: { limit: String(NODE_LIMIT) },
      body: request,
    })
    expect(page).toHaveLength(NODE_LIMIT)
  })
})

describe('startCantonDevnet httpListMaxElementsLimit', () => {
  test('error: a limit that is not a positive integer is refused', async () => {
    await expect(startCantonDevnet({ httpListMaxElementsLimit: 0 })).rejects.toThrow(
      /httpListMaxElementsLimit/,
    )
  })
})
