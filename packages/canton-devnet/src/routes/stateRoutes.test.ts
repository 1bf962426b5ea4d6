import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DamlJson } from '../daml/DamlJson.js'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { TokenStandard } from '../templates/registerTokenStandard.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'
import { INSTRUMENT, mint, setupTokenScenario, type TokenScenario } from '../testing/tokenScenario.js'

let devnet: CantonDevnet
let client: DevnetTestClient
let s: TokenScenario
beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
  s = await setupTokenScenario(client)
})
afterAll(() => devnet.stop())

const acs = async (token: string, eventFormat: unknown, activeAtOffset?: number) => {
  const offset = activeAtOffset ?? (await client.ok('GET', '/v2/state/ledger-end', { token })).offset
  return client.ok<DamlJson[]>('POST', '/v2/state/active-contracts', {
    token,
    body: { activeAtOffset: offset, eventFormat },
  })
}
const holdingFilter = (includeInterfaceView: boolean, includeCreatedEventBlob = false) => ({
  cumulative: [
    {
      identifierFilter: {
        InterfaceFilter: {
          value: {
            interfaceId: TokenStandard.holdingInterfaceId,
            includeInterfaceView,
            includeCreatedEventBlob,
          },
        },
      },
    },
  ],
})

describe('POST /v2/state/active-contracts', () => {
  test('behavior: an interface filter on Holding returns the interface view', async () => {
    const [entry] = await acs(s.operatorToken, { filtersByParty: { [s.alice.partyId]: holdingFilter(true) } })
    const event = entry.contractEntry.JsActiveContract.createdEvent
    expect(event.interfaceViews).toEqual([
      expect.objectContaining({
        interfaceId: expect.stringMatching(/:Splice\.Api\.Token\.HoldingV1:Holding$/),
        viewStatus: { code: 0, message: '' },
        viewValue: {
          owner: s.alice.partyId,
          instrumentId: { admin: s.admin, id: INSTRUMENT },
          amount: '100.0000000000',
          lock: null,
          meta: { values: {} },
        },
      }),
    ])
    expect(event.witnessParties).toEqual([s.alice.partyId])
    expect(event.createdEventBlob).toBe('')
    expect(entry.contractEntry.JsActiveContract.synchronizerId).toBe(devnet.synchronizerId)
  })

  test('behavior: a template filter by package-name and by package id, blobs on request, wildcard for everything', async () => {
    const tpl = devnet.registry.resolveTemplate(TokenStandard.transferFactoryTemplateId)!
    for (const templateId of [TokenStandard.transferFactoryTemplateId, tpl.templateId]) {
      const res = await acs(s.adminToken, {
        filtersByParty: {
          [s.admin]: {
            cumulative: [
              {
                identifierFilter: {
                  TemplateFilter: { value: { templateId, includeCreatedEventBlob: true } },
                },
              },
            ],
          },
        },
      })
      expect(res.map((r) => r.contractEntry.JsActiveContract.createdEvent.contractId)).toEqual([s.factoryCid])
      expect(res[0].contractEntry.JsActiveContract.createdEvent.createdEventBlob).not.toBe('')
    }
    const all = await acs(s.adminToken, { filtersByParty: { [s.admin]: {} } })
    expect(all).toHaveLength(2) // factory + alice's holding (admin signs it)
  })

  test('behavior: activeAtOffset gives the set as of that offset', async () => {
    const before = (await client.ok('GET', '/v2/state/ledger-end')).offset
    await mint(client, s, s.alice.partyId, '1')
    const then = await acs(
      s.operatorToken,
      { filtersByParty: { [s.alice.partyId]: holdingFilter(false) } },
      before,
    )
    const now = await acs(s.operatorToken, { filtersByParty: { [s.alice.partyId]: holdingFilter(false) } })
    expect(now.length).toBe(then.length + 1)
  })

  test('error: reading as a party without rights is 403; filtersForAnyParty needs CanReadAsAnyParty; unknown interface is 404', async () => {
    const bobOnly = await devnet.tokenFor({ readAs: [s.bob.partyId] })
    const denied = await client.call('POST', '/v2/state/active-contracts', {
      token: bobOnly,
      body: { activeAtOffset: 0, eventFormat: { filtersByParty: { [s.alice.partyId]: {} } } },
    })
    expect(denied.status).toBe(403)
    const any = await client.call('POST', '/v2/state/active-contracts', {
      token: bobOnly,
      body: { activeAtOffset: 0, eventFormat: { filtersForAnyParty: {} } },
    })
    expect(any.status).toBe(403)
    const unknown = await client.call('POST', '/v2/state/active-contracts', {
      token: s.operatorToken,
      body: {
        activeAtOffset: 0,
        eventFormat: {
          filtersForAnyParty: {
            cumulative: [{ identifierFilter: { InterfaceFilter: { value: { interfaceId: '#x:Y:Z' } } } }],
          },
        },
      },
    })
    expect(unknown.status).toBe(404)
    expect(unknown.body.code).toBe('TEMPLATES_OR_INTERFACES_NOT_FOUND')
  })

  test('behavior: with 10,000 holdings of one party, reading them takes pages of the node limit; another party gets only its own (speed: bench/canton)', async () => {
    const whale = await client.allocateHostedParty(`whale-${randomUUID().slice(0, 6)}`)
    const commands = Array.from({ length: 1000 }, () => ({
      ExerciseCommand: {
        templateId: TokenStandard.transferFactoryTemplateId,
        contractId: s.factoryCid,
        choice: 'Mint',
        choiceArgument: { owner: whale, instrumentId: INSTRUMENT, amount: '1' },
      },
    }))
    for (let i = 0; i < 10; i++) {
      await client.ok('POST', '/v2/commands/submit-and-wait', {
        token: s.adminToken,
        body: { commandId: randomUUID(), actAs: [s.admin], commands },
      })
    }
    const whaleToken = await devnet.tokenFor({ readAs: [whale] })
    const whaleFormat = { filtersByParty: { [whale]: holdingFilter(true) } }
    const offset = (await client.ok('GET', '/v2/state/ledger-end', { token: whaleToken })).offset
    const all = await client.call('POST', '/v2/state/active-contracts', {
      token: whaleToken,
      body: { activeAtOffset: offset, eventFormat: whaleFormat },
    })
    expect(all.status).toBe(413)
    expect(all.body.code).toBe('JSON_API_MAXIMUM_LIST_ELEMENTS_NUMBER_REACHED')
    // Pages of the default limit (200), each continuing after the previous page's last element.
    const whaleHoldings = new Set<string>()
    let token: string | undefined
    for (;;) {
      const page = await client.ok<DamlJson[]>('POST', '/v2/state/active-contracts', {
        token: whaleToken,
        query: { limit: '200' },
        body: { activeAtOffset: offset, eventFormat: whaleFormat, streamContinuationToken: token },
      })
      for (const r of page) whaleHoldings.add(r.contractEntry.JsActiveContract.createdEvent.contractId)
      if (page.length < 200) break
      token = page.at(-1).streamContinuationToken
    }
    expect(whaleHoldings.size).toBe(10_000)
    const bobHoldings = await acs(s.operatorToken, {
      filtersByParty: { [s.bob.partyId]: holdingFilter(true) },
    })
    expect(bobHoldings).toEqual([])
  }, 60_000)
})
