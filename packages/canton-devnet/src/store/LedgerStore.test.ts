import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'
import {
  executeSigned,
  prepareTransfer,
  setupTokenScenario,
  type TokenScenario,
} from '../testing/tokenScenario.js'
import { LedgerStore } from './LedgerStore.js'

let dir: string
let devnet: CantonDevnet
let client: DevnetTestClient
let s: TokenScenario
/** A second connection to the devnet's SQLite file, as bench/canton opens it. */
let store: LedgerStore
let beforeTransfer: number
let afterTransfer: number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'canton-devnet-store-'))
  devnet = await startCantonDevnet({ dataDir: dir })
  client = await new DevnetTestClient(devnet).init()
  s = await setupTokenScenario(client)
  beforeTransfer = (await client.ok('GET', '/v2/state/ledger-end')).offset
  const res = await executeSigned(
    client,
    s,
    await prepareTransfer(client, s, s.alice, s.bob.partyId, '40'),
    s.alice,
  )
  expect(res.status).toBe(200)
  afterTransfer = (await client.ok('GET', '/v2/state/ledger-end')).offset
  store = new LedgerStore(devnet.registry, join(dir, 'canton-devnet.sqlite'))
})
afterAll(async () => {
  store.close()
  await devnet.stop()
  rmSync(dir, { recursive: true, force: true })
})

const byId = <T extends { contractId: string }>(cs: T[]) =>
  [...cs].sort((a, b) => (a.contractId < b.contractId ? -1 : 1))

describe('LedgerStore.scanActiveContractsForBench', () => {
  test('behavior: returns every active contract of every party and template, as queryActive does for any party', () => {
    const scanned = store.scanActiveContractsForBench(afterTransfer)
    // The factory, alice's change and locked holdings, and the transfer instruction.
    expect(scanned).toHaveLength(4)
    expect(scanned.map((c) => c.contractId)).toContain(s.factoryCid)
    expect(byId(scanned)).toEqual(byId(store.queryActive(undefined, ['*'], afterTransfer)))
  })

  test('behavior: at an earlier offset it returns the contracts active then, including ones archived since', () => {
    const [spent] = store.queryActive([s.alice.partyId], ['*'], beforeTransfer)
    expect(spent?.arg).toMatchObject({ owner: s.alice.partyId, amount: '100.0000000000' })
    const then = store.scanActiveContractsForBench(beforeTransfer)
    expect(byId(then)).toEqual(byId(store.queryActive(undefined, ['*'], beforeTransfer)))
    expect(then.map((c) => c.contractId)).toContain(spent!.contractId)
    expect(store.scanActiveContractsForBench(afterTransfer).map((c) => c.contractId)).not.toContain(
      spent!.contractId,
    )
  })
})
