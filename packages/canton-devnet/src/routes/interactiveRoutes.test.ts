import { randomUUID } from 'node:crypto'
import { decodePreparedTransaction, hashPreparedTransaction } from '@canton-network/core-tx-visualizer'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DamlJson } from '../daml/DamlJson.js'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { TokenStandard } from '../templates/registerTokenStandard.js'
import { DevnetTestClient, signHash } from '../testing/DevnetTestClient.js'
import {
  executeSigned,
  holdingsOf,
  prepareInstructionChoice,
  prepareTransfer,
  setupTokenScenario,
  type TokenScenario,
} from '../testing/tokenScenario.js'

let devnet: CantonDevnet
let client: DevnetTestClient
/** How far the tests moved the ledger's clock ahead of the wall clock (only ever forwards). */
let ledgerClockAheadMs = 0
/** The devnet's clock: the wall clock (tokens and `requestedAt` use it too) plus the moves. */
const ledgerNow = () => Date.now() + ledgerClockAheadMs

beforeAll(async () => {
  devnet = await startCantonDevnet({ now: ledgerNow })
  client = await new DevnetTestClient(devnet).init()
})
afterAll(() => devnet.stop())

const amounts = (hs: { view: { amount: string; lock: unknown } }[]) =>
  hs.map((h) => `${h.view.amount}${h.view.lock ? ' locked' : ''}`).sort()

/** Transfers `amount` from alice to bob and returns the pending instruction id. */
async function transferToBob(s: TokenScenario, amount: string) {
  const prepared = await prepareTransfer(client, s, s.alice, s.bob.partyId, amount)
  const res = await executeSigned(client, s, prepared, s.alice)
  expect(res.status).toBe(200)
  const [instruction] = await instructionsFor(s, s.bob.partyId)
  return instruction!
}

async function instructionsFor(s: TokenScenario, party: string): Promise<string[]> {
  const { offset } = await client.ok('GET', '/v2/state/ledger-end', { token: s.operatorToken })
  const acs = await client.ok<DamlJson[]>('POST', '/v2/state/active-contracts', {
    token: s.operatorToken,
    body: {
      activeAtOffset: offset,
      eventFormat: {
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
      },
    },
  })
  return acs.map((r) => r.contractEntry.JsActiveContract.createdEvent.contractId)
}

describe('prepare', () => {
  test('behavior: the prepared transaction decodes with core-tx-visualizer and its recomputed hash equals preparedTransactionHash', async () => {
    const s = await setupTokenScenario(client)
    const prepared = await prepareTransfer(client, s, s.alice, s.bob.partyId, '40')
    expect(prepared.hashingSchemeVersion).toBe('HASHING_SCHEME_VERSION_V2')
    const tx = decodePreparedTransaction(prepared.preparedTransaction)
    expect(tx.metadata?.submitterInfo?.actAs).toEqual([s.alice.partyId])
    expect(tx.metadata?.synchronizerId).toBe(devnet.synchronizerId)
    expect(tx.metadata?.transactionUuid).toMatch(/^[0-9a-f-]{36}$/)
    expect(tx.metadata?.preparationTime).toBeGreaterThan(0n)
    // The factory and the input holding are the contracts the transaction reads.
    expect(
      tx.metadata?.inputContracts.map((c) => (c.contract.oneofKind === 'v1' ? c.contract.v1.contractId : '')),
    ).toContain(s.factoryCid)
    const kinds = tx.transaction?.nodes.map((n) =>
      n.versionedNode.oneofKind === 'v1' ? n.versionedNode.v1.nodeType.oneofKind : '',
    )
    expect(kinds).toEqual(expect.arrayContaining(['exercise', 'fetch', 'create']))
    const root = tx.transaction?.nodes.find((n) => n.nodeId === tx.transaction?.roots[0])
    const exercise =
      root?.versionedNode.oneofKind === 'v1' && root.versionedNode.v1.nodeType.oneofKind === 'exercise'
        ? root.versionedNode.v1.nodeType.exercise
        : undefined
    expect(exercise?.choiceId).toBe('TransferFactory_Transfer')
    expect(exercise?.interfaceId?.moduleName).toBe('Splice.Api.Token.TransferInstructionV1')
    expect(exercise?.actingParties).toEqual([s.alice.partyId])
    expect(await hashPreparedTransaction(prepared.preparedTransaction, 'base64')).toBe(
      prepared.preparedTransactionHash,
    )
  })

  test('error: a party the token may not read as is refused with 403 PERMISSION_DENIED', async () => {
    const s = await setupTokenScenario(client, '0')
    const token = await devnet.tokenFor({ readAs: [s.bob.partyId] })
    const res = await client.call('POST', '/v2/interactive-submission/prepare', {
      token,
      body: { commandId: randomUUID(), actAs: [s.alice.partyId], commands: [] },
    })
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('PERMISSION_DENIED')
  })
})

describe('executeAndWait', () => {
  test('behavior: transfer between two external parties locks the input (change back), then the receiver accepts', async () => {
    const s = await setupTokenScenario(client)
    const instruction = await transferToBob(s, '40')
    expect(amounts(await holdingsOf(client, s.operatorToken, s.alice.partyId))).toEqual([
      '40.0000000000 locked',
      '60.0000000000',
    ])
    const prepared = await prepareInstructionChoice(
      client,
      s,
      s.bob,
      instruction,
      'TransferInstruction_Accept',
    )
    const res = await executeSigned(client, s, prepared, s.bob)
    expect(res.status).toBe(200)
    expect(res.body.completionOffset).toBeGreaterThan(0)
    expect(amounts(await holdingsOf(client, s.operatorToken, s.alice.partyId))).toEqual(['60.0000000000'])
    expect(amounts(await holdingsOf(client, s.operatorToken, s.bob.partyId))).toEqual(['40.0000000000'])
    expect(await instructionsFor(s, s.bob.partyId)).toEqual([])
  })

  test('behavior: the receiver rejects and the sender gets the holding back', async () => {
    const s = await setupTokenScenario(client)
    const instruction = await transferToBob(s, '25')
    const res = await executeSigned(
      client,
      s,
      await prepareInstructionChoice(client, s, s.bob, instruction, 'TransferInstruction_Reject'),
      s.bob,
    )
    expect(res.status).toBe(200)
    expect(amounts(await holdingsOf(client, s.operatorToken, s.alice.partyId))).toEqual([
      '25.0000000000',
      '75.0000000000',
    ])
    expect(await holdingsOf(client, s.operatorToken, s.bob.partyId)).toEqual([])
  })

  test('behavior: the sender withdraws and gets the holding back', async () => {
    const s = await setupTokenScenario(client)
    const instruction = await transferToBob(s, '10')
    const res = await executeSigned(
      client,
      s,
      await prepareInstructionChoice(client, s, s.alice, instruction, 'TransferInstruction_Withdraw'),
      s.alice,
    )
    expect(res.status).toBe(200)
    expect(amounts(await holdingsOf(client, s.operatorToken, s.alice.partyId))).toEqual([
      '10.0000000000',
      '90.0000000000',
    ])
  })

  test('error: the receiver may not withdraw (authorization), the sender may not accept', async () => {
    const s = await setupTokenScenario(client)
    const instruction = await transferToBob(s, '10')
    const res = await client.call('POST', '/v2/interactive-submission/prepare', {
      token: s.operatorToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.alice.partyId],
        commands: [
          {
            ExerciseCommand: {
              templateId: TokenStandard.transferInstructionInterfaceId,
              contractId: instruction,
              choice: 'TransferInstruction_Accept',
              choiceArgument: { extraArgs: { context: { values: {} }, meta: { values: {} } } },
            },
          },
        ],
      },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('DAML_AUTHORIZATION_ERROR')
  })

  test('error: accepting after executeBefore fails', async () => {
    const s = await setupTokenScenario(client)
    const prepared = await prepareTransfer(client, s, s.alice, s.bob.partyId, '5', {
      executeBefore: new Date(ledgerNow() + 60_000).toISOString(),
    })
    expect((await executeSigned(client, s, prepared, s.alice)).status).toBe(200)
    const [instruction] = await instructionsFor(s, s.bob.partyId)
    ledgerClockAheadMs += 60_000
    const res = await client.call('POST', '/v2/interactive-submission/prepare', {
      token: s.operatorToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.bob.partyId],
        commands: [
          {
            ExerciseCommand: {
              templateId: TokenStandard.transferInstructionInterfaceId,
              contractId: instruction,
              choice: 'TransferInstruction_Accept',
              choiceArgument: { extraArgs: { context: { values: {} }, meta: { values: {} } } },
            },
          },
        ],
      },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('UNHANDLED_EXCEPTION')
    expect(res.body.cause).toContain('expired')
  })

  test('behavior: contract ids are shaped like Canton 3.4: unsuffixed while prepared, 00 + discriminator + ca12 hash once committed', async () => {
    const s = await setupTokenScenario(client)
    const CANTON_V12 = /^00[0-9a-f]{64}ca121220[0-9a-f]{64}$/
    expect(s.factoryCid).toMatch(CANTON_V12)
    const prepared = await prepareTransfer(client, s, s.alice, s.bob.partyId, '3')
    const tx = decodePreparedTransaction(prepared.preparedTransaction)
    const created = (tx.transaction?.nodes ?? []).flatMap((n) =>
      n.versionedNode.oneofKind === 'v1' && n.versionedNode.v1.nodeType.oneofKind === 'create'
        ? [n.versionedNode.v1.nodeType.create.contractId]
        : [],
    )
    expect(created.length).toBeGreaterThan(0)
    for (const cid of created) expect(cid).toMatch(/^00[0-9a-f]{64}$/)
    // Input contracts were committed before: they carry their suffix.
    for (const input of tx.metadata?.inputContracts ?? [])
      expect(input.contract.oneofKind === 'v1' && input.contract.v1.contractId).toMatch(CANTON_V12)
    expect((await executeSigned(client, s, prepared, s.alice)).status).toBe(200)
    const [instruction] = await instructionsFor(s, s.bob.partyId)
    expect(instruction).toMatch(CANTON_V12)
    expect(created).toContain(instruction!.slice(0, 66))
  })

  test('error: executing after the max record time is 409 LOCAL_VERDICT_MAX_RECORD_TIME_EXCEEDED', async () => {
    const s = await setupTokenScenario(client)
    const prepared = await prepareTransfer(client, s, s.alice, s.bob.partyId, '2', {
      maxRecordTime: new Date(ledgerNow() + 30_000).toISOString(),
    })
    ledgerClockAheadMs += 31_000
    const late = await executeSigned(client, s, prepared, s.alice)
    expect(late.status).toBe(409)
    expect(late.body.code).toBe('LOCAL_VERDICT_MAX_RECORD_TIME_EXCEEDED')
    expect(late.body.cause).toContain('maxRecordTime=')
    // Nothing was committed: the holdings are as before and a fresh preparation goes through.
    expect(await instructionsFor(s, s.bob.partyId)).toEqual([])
    const again = await prepareTransfer(client, s, s.alice, s.bob.partyId, '2', {
      maxRecordTime: new Date(ledgerNow() + 30_000).toISOString(),
    })
    expect((await executeSigned(client, s, again, s.alice)).status).toBe(200)
  })

  test('error: a max record time that is not a timestamp is 400 INVALID_FIELD', async () => {
    const s = await setupTokenScenario(client)
    const res = await client.call('POST', '/v2/interactive-submission/prepare', {
      token: s.operatorToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.alice.partyId],
        maxRecordTime: 'tomorrow',
        commands: [],
      },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('INVALID_FIELD')
  })

  test('error: a wrong signature, a missing signature and a signature by the wrong party are refused', async () => {
    const s = await setupTokenScenario(client)
    const prepared = await prepareTransfer(client, s, s.alice, s.bob.partyId, '1')
    const base = {
      preparedTransaction: prepared.preparedTransaction,
      hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
    }
    // Wrong: alice's key over another message.
    const wrong = signHash(s.alice, Buffer.alloc(32, 7).toString('base64'))
    // By the wrong party: bob signs, claiming to be alice's signature, or under his own name.
    const bobAsAlice = { ...signHash(s.bob, prepared.preparedTransactionHash), party: s.alice.partyId }
    const bobOnly = signHash(s.bob, prepared.preparedTransactionHash)
    for (const signatures of [[wrong], [], [bobAsAlice], [bobOnly]]) {
      const res = await client.call('POST', '/v2/interactive-submission/executeAndWait', {
        token: s.operatorToken,
        body: { ...base, partySignatures: { signatures }, submissionId: randomUUID() },
      })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('INVALID_ARGUMENT')
      expect(res.body.cause).toContain(s.alice.partyId)
    }
    // Nothing happened: alice still holds her 100.
    expect(amounts(await holdingsOf(client, s.operatorToken, s.alice.partyId))).toEqual(['100.0000000000'])
  })

  test('error: a modified prepared transaction signed as modified is refused', async () => {
    const s = await setupTokenScenario(client)
    const prepared = await prepareTransfer(client, s, s.alice, s.bob.partyId, '1')
    const tx = decodePreparedTransaction(prepared.preparedTransaction)
    tx.metadata!.submitterInfo!.commandId = 'tampered'
    const { PreparedTransaction } = await import('@canton-network/core-ledger-proto')
    const tampered = Buffer.from(PreparedTransaction.toBinary(tx)).toString('base64')
    const hash = await hashPreparedTransaction(tampered, 'base64')
    const res = await executeSigned(
      client,
      s,
      { preparedTransaction: tampered, preparedTransactionHash: hash },
      s.alice,
    )
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('INVALID_ARGUMENT')
  })

  test('error: a reused submission id and an already executed prepared transaction are refused', async () => {
    const s = await setupTokenScenario(client)
    const first = await prepareTransfer(client, s, s.alice, s.bob.partyId, '1')
    const submissionId = randomUUID()
    expect((await executeSigned(client, s, first, s.alice, submissionId)).status).toBe(200)
    const again = await executeSigned(client, s, first, s.alice)
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('DUPLICATE_COMMAND')
    const second = await prepareTransfer(client, s, s.alice, s.bob.partyId, '1')
    const reused = await executeSigned(client, s, second, s.alice, submissionId)
    expect(reused.status).toBe(409)
    expect(reused.body.code).toBe('DUPLICATE_COMMAND')
  })

  test('error: an input contract archived after prepare makes execute fail (contention)', async () => {
    const s = await setupTokenScenario(client)
    const a = await prepareTransfer(client, s, s.alice, s.bob.partyId, '1')
    const b = await prepareTransfer(client, s, s.alice, s.bob.partyId, '2')
    expect((await executeSigned(client, s, a, s.alice)).status).toBe(200)
    const res = await executeSigned(client, s, b, s.alice)
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('CONTRACT_NOT_FOUND')
  })

  test('error: executing without execute rights for the party is refused with 403', async () => {
    const s = await setupTokenScenario(client)
    const prepared = await prepareTransfer(client, s, s.alice, s.bob.partyId, '1')
    const readOnly = await devnet.tokenFor({ readAs: [s.alice.partyId] })
    const res = await client.call('POST', '/v2/interactive-submission/executeAndWait', {
      token: readOnly,
      body: {
        preparedTransaction: prepared.preparedTransaction,
        partySignatures: { signatures: [signHash(s.alice, prepared.preparedTransactionHash)] },
        submissionId: randomUUID(),
        hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
      },
    })
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('PERMISSION_DENIED')
  })
})

describe('execute and executeAndWaitForTransaction', () => {
  test('behavior: execute answers {} and executeAndWaitForTransaction returns the transaction with its events', async () => {
    const s = await setupTokenScenario(client)
    const p1 = await prepareTransfer(client, s, s.alice, s.bob.partyId, '3')
    const body = (p: { preparedTransaction: string; preparedTransactionHash: string }) => ({
      preparedTransaction: p.preparedTransaction,
      partySignatures: { signatures: [signHash(s.alice, p.preparedTransactionHash)] },
      submissionId: randomUUID(),
      hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
    })
    expect(
      await client.ok('POST', '/v2/interactive-submission/execute', {
        token: s.operatorToken,
        body: body(p1),
      }),
    ).toEqual({})
    const p2 = await prepareTransfer(client, s, s.alice, s.bob.partyId, '4')
    const res = await client.ok('POST', '/v2/interactive-submission/executeAndWaitForTransaction', {
      token: s.operatorToken,
      body: {
        ...body(p2),
        transactionFormat: {
          transactionShape: 'TRANSACTION_SHAPE_LEDGER_EFFECTS',
          eventFormat: { filtersByParty: { [s.alice.partyId]: {} } },
        },
      },
    })
    const events = res.transaction.events.map((e: object) => Object.keys(e)[0])
    expect(events[0]).toBe('ExercisedEvent')
    expect(events).toContain('CreatedEvent')
    expect(res.transaction.externalTransactionHash).toBe(
      Buffer.from(p2.preparedTransactionHash, 'base64').toString('hex'),
    )
  })
})
