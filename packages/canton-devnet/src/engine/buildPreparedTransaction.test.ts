import { randomUUID } from 'node:crypto'
import { PreparedTransaction } from '@canton-network/core-ledger-proto'
import { verifyPreparedTransaction } from '@stratos/canton'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import {
  createIntentCommand,
  type DeFiScenario,
  sampleIntentFields,
  setupDeFiScenario,
  tryCreateIntent,
} from '../testing/defiScenario.js'

let devnet: CantonDevnet
let s: DeFiScenario
beforeAll(async () => {
  devnet = await startCantonDevnet()
  s = await setupDeFiScenario(devnet)
})
afterAll(() => devnet.stop())

// Daml Int values a JS number cannot hold: 2^53 + 1 and the Int64 maximum.
const BIG = { chainId: '9007199254740993', nonce: '9223372036854775807' }

describe('buildPreparedTransaction', () => {
  test('behavior: Int64 above 2^53 stays exact in the protobuf, and the hash is the one the browser check recomputes', async () => {
    const prepared = await s.client.ok('POST', '/v2/interactive-submission/prepare', {
      token: s.institutionToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.institution.partyId],
        commands: [createIntentCommand(s.institution.partyId, s.operator, sampleIntentFields(BIG))],
      },
    })
    const decoded = PreparedTransaction.fromBinary(Buffer.from(prepared.preparedTransaction, 'base64'))
    const node = decoded.transaction?.nodes[0]?.versionedNode
    const argument =
      node?.oneofKind === 'v1' && node.v1.nodeType.oneofKind === 'create'
        ? node.v1.nodeType.create.argument
        : undefined
    const fields = argument?.sum.oneofKind === 'record' ? argument.sum.record.fields : []
    const int64Of = (label: string) => fields.find((f) => f.label === label)?.value?.sum
    expect(int64Of('chainId')).toEqual({ oneofKind: 'int64', int64: BIG.chainId })
    expect(int64Of('nonce')).toEqual({ oneofKind: 'int64', int64: BIG.nonce })
    const verified = await verifyPreparedTransaction({ ...prepared, expectedSigner: s.institution.partyId })
    expect(verified.hashBase64).toBe(prepared.preparedTransactionHash)
  })

  test('behavior: a transaction with Int64 above 2^53 signed over that hash executes', async () => {
    const res = await tryCreateIntent(s.client, s.institution, s.operator, BIG)
    expect(res.status).toBe(200)
  })
})
