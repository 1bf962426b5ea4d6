import { type CantonDevnet, startCantonDevnet, TokenStandard } from '@stratos/canton-devnet'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createLedgerClient, DEFAULT_LIST_PAGE_SIZE, type LedgerClient } from './createLedgerClient.js'

const HOLDINGS = 1000
/** Mints per submit-and-wait (one transaction each). */
const BATCH = 4

interface Wallet {
  devnet: CantonDevnet
  /** Reads as `owner` (and the admin), through the client under test. */
  reader: LedgerClient
  owner: string
  /** Every POST the reader made: path and `limit`. */
  requests: { path: string; limit: string | null }[]
  /** Offset before the first mint. */
  start: number
}

/**
 * A devnet with a registry and `HOLDINGS` holdings of 1..HOLDINGS units minted to one party in
 * transactions of BATCH mints, read by a client counting its requests.
 */
async function walletWith1000Holdings(devnetLimit?: number): Promise<Wallet> {
  const devnet = await startCantonDevnet(
    devnetLimit === undefined ? {} : { httpListMaxElementsLimit: devnetLimit },
  )
  const admin = createLedgerClient({ url: devnet.url, getToken: () => devnet.adminToken() })
  const registry = (await admin.allocateParty({ partyIdHint: 'paging-registry' })).partyDetails.party
  const owner = (await admin.allocateParty({ partyIdHint: 'paging-wallet' })).partyDetails.party
  const registryClient = createLedgerClient({
    url: devnet.url,
    token: await devnet.tokenFor({ actAs: [registry] }),
  })
  const created = await registryClient.submitAndWait({
    commandId: crypto.randomUUID(),
    actAs: [registry],
    commands: [
      {
        CreateCommand: {
          templateId: TokenStandard.transferFactoryTemplateId,
          createArguments: { admin: registry, meta: { values: {} } },
        },
      },
    ],
  })
  const start = created.completionOffset
  const { contracts } = await registryClient.activeContracts({
    parties: [registry],
    templateIds: [TokenStandard.transferFactoryTemplateId],
  })
  const factory = contracts[0]!.createdEvent.contractId
  for (let i = 0; i < HOLDINGS; i += BATCH) {
    await registryClient.submitAndWait({
      commandId: crypto.randomUUID(),
      actAs: [registry],
      commands: Array.from({ length: BATCH }, (_, j) => ({
        ExerciseCommand: {
          templateId: TokenStandard.transferFactoryTemplateId,
          contractId: factory,
          choice: 'Mint',
          choiceArgument: { owner, instrumentId: 'USDX', amount: String(i + j + 1) },
        },
      })),
    })
  }
  const requests: Wallet['requests'] = []
  const reader = createLedgerClient({
    url: devnet.url,
    token: await devnet.tokenFor({ readAs: [owner] }),
    fetch: (input, init) => {
      const url = new URL(String(input))
      if (init?.method === 'POST') requests.push({ path: url.pathname, limit: url.searchParams.get('limit') })
      return fetch(input, init)
    },
  })
  return { devnet, reader, owner, requests, start }
}

const holdingFilter = (owner: string) => ({
  parties: [owner],
  interfaceIds: [TokenStandard.holdingInterfaceId],
  includeInterfaceView: true,
})

const sumOfViews = (contracts: { createdEvent: { interfaceViews?: unknown } }[]) =>
  contracts.reduce((sum, c) => {
    const views = c.createdEvent.interfaceViews as { viewValue?: { amount?: string } }[] | undefined
    return sum + Number(views?.[0]?.viewValue?.amount)
  }, 0)

describe('createLedgerClient paging (against canton-devnet at its default list limit)', () => {
  let w: Wallet
  beforeAll(async () => {
    w = await walletWith1000Holdings()
  }, 120_000)
  afterAll(async () => {
    await w?.devnet.stop()
  })

  test('behavior: activeContracts lists all 1,000 holdings in pages of 200; their amounts sum right', async () => {
    w.requests.length = 0
    const { contracts } = await w.reader.activeContracts(holdingFilter(w.owner))
    expect(contracts).toHaveLength(HOLDINGS)
    expect(new Set(contracts.map((c) => c.createdEvent.contractId)).size).toBe(HOLDINGS)
    expect(sumOfViews(contracts)).toBe((HOLDINGS * (HOLDINGS + 1)) / 2)
    const pages = w.requests.filter((r) => r.path === '/v2/state/active-contracts')
    expect(pages.length).toBe(HOLDINGS / DEFAULT_LIST_PAGE_SIZE + 1)
    expect(pages.every((r) => r.limit === String(DEFAULT_LIST_PAGE_SIZE))).toBe(true)
  })

  test('behavior: updates lists all 250 mint transactions ascending, and descending with a limit across pages', async () => {
    const all = await w.reader.updates({ ...holdingFilter(w.owner), beginExclusive: w.start })
    expect(all).toHaveLength(HOLDINGS / BATCH)
    const offsets = all.map(
      (u) => (u.update as { Transaction: { value: { offset: number } } }).Transaction.value.offset,
    )
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets)
    expect(new Set(offsets).size).toBe(offsets.length)

    const newest = await w.reader.updates({
      ...holdingFilter(w.owner),
      beginExclusive: w.start,
      descendingOrder: true,
      limit: 230,
    })
    const newestOffsets = newest.map(
      (u) => (u.update as { Transaction: { value: { offset: number } } }).Transaction.value.offset,
    )
    expect(newestOffsets).toEqual(offsets.slice(-230).reverse())
  })

  test('behavior: without paging the same read is refused by the participant (413)', async () => {
    const response = await fetch(`${w.devnet.url}/v2/state/active-contracts`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await w.devnet.tokenFor({ readAs: [w.owner] })}`,
      },
      body: JSON.stringify({
        activeAtOffset: await w.reader.ledgerEnd(),
        eventFormat: {
          filtersByParty: {
            [w.owner]: {
              cumulative: [
                {
                  identifierFilter: {
                    InterfaceFilter: { value: { interfaceId: TokenStandard.holdingInterfaceId } },
                  },
                },
              ],
            },
          },
        },
      }),
    })
    expect(response.status).toBe(413)
    expect(((await response.json()) as { code: string }).code).toBe(
      'JSON_API_MAXIMUM_LIST_ELEMENTS_NUMBER_REACHED',
    )
  })
})

describe('createLedgerClient paging (against a participant configured below the page size)', () => {
  let w: Wallet
  beforeAll(async () => {
    w = await walletWith1000Holdings(150)
  }, 120_000)
  afterAll(async () => {
    await w?.devnet.stop()
  })

  test('behavior: the 413 names the node limit; the client continues in pages of it and lists everything', async () => {
    w.requests.length = 0
    const { contracts } = await w.reader.activeContracts(holdingFilter(w.owner))
    expect(contracts).toHaveLength(HOLDINGS)
    expect(sumOfViews(contracts)).toBe((HOLDINGS * (HOLDINGS + 1)) / 2)
    const limits = w.requests.filter((r) => r.path === '/v2/state/active-contracts').map((r) => r.limit)
    expect(limits[0]).toBe('200')
    expect(limits.slice(1).every((l) => l === '150')).toBe(true)
    const updates = await w.reader.updates({ ...holdingFilter(w.owner), beginExclusive: w.start })
    expect(updates).toHaveLength(HOLDINGS / BATCH)
  })
})

describe('createLedgerClient paging (mock fetch at the HTTP boundary)', () => {
  test('error: a full page without a continuation token -> LEDGER_BAD_RESPONSE, never a short list', async () => {
    const client = createLedgerClient({
      url: 'http://participant.invalid',
      listPageSize: 2,
      fetch: async () =>
        Response.json([{ contractEntry: { JsEmpty: {} } }, { contractEntry: { JsEmpty: {} } }]),
    })
    await expect(client.activeContracts({ parties: ['p::1220'], activeAtOffset: 5 })).rejects.toMatchObject({
      code: 'LEDGER_BAD_RESPONSE',
    })
  })

  test('error: a page size that is not a positive integer -> INVALID_ARGUMENT', () => {
    expect(() => createLedgerClient({ url: 'http://participant.invalid', listPageSize: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
