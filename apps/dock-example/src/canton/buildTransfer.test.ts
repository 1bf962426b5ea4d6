import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CantonDevnet, startCantonDevnet } from '@stratos/canton-devnet'
import {
  DevnetTestClient,
  executeSigned,
  INSTRUMENT,
  setupDirectTokenScenario,
  type TokenScenario,
} from '@stratos/canton-devnet/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DockExampleServer, serveDockExample } from '../server.js'
import {
  selectInputs,
  type TransferFactoryWithChoiceContext,
  transferChoiceArguments,
  transferCommand,
} from './buildTransfer.js'
import { holdingsQuery, parseHoldings } from './holdings.js'

let devnet: CantonDevnet
let client: DevnetTestClient
let s: TokenScenario
let server: DockExampleServer
let dist: string

/** What the wallet's `ledgerApi` answers for the sample app: the Ledger API's JSON body. */
async function holdings(party: string) {
  const { offset } = await client.ok('GET', '/v2/state/ledger-end', { token: s.operatorToken })
  const body = await client.ok('POST', '/v2/state/active-contracts', {
    token: s.operatorToken,
    body: holdingsQuery(party, offset),
  })
  return parseHoldings(body, party)
}

beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
  s = await setupDirectTokenScenario(client, '100')
  dist = await mkdtemp(join(tmpdir(), 'dock-example-dist-'))
  await writeFile(join(dist, 'index.html'), '<!doctype html>')
  server = await serveDockExample({
    walletOrigin: 'http://127.0.0.1:8787',
    registryUrl: `${devnet.url}/registries/${encodeURIComponent(s.admin)}`,
    instrument: { admin: s.admin, id: INSTRUMENT },
    distDir: dist,
  })
})
afterAll(async () => {
  await server?.close()
  await devnet?.stop()
  if (dist) await rm(dist, { recursive: true, force: true })
})

describe('the sample app’s Canton transfer (canton-devnet, its registry through serveDockExample)', () => {
  test('behavior: holdings read, factory fetched through /registry, the command prepares and executes', async () => {
    const instrument = { admin: s.admin, id: INSTRUMENT }
    const mine = await holdings(s.alice.partyId)
    expect(mine).toEqual([
      expect.objectContaining({ amount: '100', instrumentId: instrument, locked: false }),
    ])

    const choiceArguments = transferChoiceArguments({
      sender: s.alice.partyId,
      receiver: s.bob.partyId,
      amount: '12.5',
      instrument,
      inputHoldingCids: selectInputs(mine, instrument, '12.5'),
      now: new Date(),
    })
    const response = await fetch(`${server.url}/registry/transfer-instruction/v1/transfer-factory`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ choiceArguments, excludeDebugFields: true }),
    })
    expect(response.status).toBe(200)
    const factory = (await response.json()) as TransferFactoryWithChoiceContext
    expect(factory.transferKind).toBe('direct')

    // What the wallet does with the CIP-0103 params: prepare them as the Ledger API's
    // JsPrepareSubmissionRequest, sign, execute.
    const params = transferCommand(choiceArguments, factory, randomUUID())
    const prepared = await client.ok('POST', '/v2/interactive-submission/prepare', {
      token: s.operatorToken,
      body: {
        userId: '',
        readAs: [],
        packageIdSelectionPreference: [],
        verboseHashing: false,
        synchronizerId: devnet.synchronizerId,
        ...params,
      },
    })
    const executed = await executeSigned(client, s, prepared, s.alice)
    expect(executed.status).toBe(200)

    expect(await holdings(s.bob.partyId)).toEqual([expect.objectContaining({ amount: '12.5' })])
    const left = (await holdings(s.alice.partyId)).filter((h) => !h.locked)
    expect(left.map((h) => h.amount)).toEqual(['87.5'])
  })

  test('error: more than the unlocked holdings is refused before anything is asked', () => {
    const instrument = { admin: 'a::1', id: 'X' }
    const h = [{ contractId: 'c1', instrumentId: instrument, amount: '5', locked: false }]
    expect(() => selectInputs(h, instrument, '6')).toThrow('Amount: 6 X is more than your unlocked X (5)')
    expect(() => selectInputs(h, instrument, 'ten')).toThrow('is not an amount')
    expect(selectInputs(h, instrument, '5')).toEqual(['c1'])
  })
})
