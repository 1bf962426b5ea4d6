import type { PreparedTransaction } from '@canton-network/core-ledger-proto'
import { describe, expect, test } from 'vitest'
import { summarizeTransfer } from './summarizeTransfer.js'
import {
  buildPreparedInstructionChoice,
  buildPreparedTransfer,
  CIDS,
  IDS,
  id,
  PARTIES,
  TRANSFER,
  transferChoiceArgument,
  v,
  withoutLabels,
} from './testing/buildPreparedTransfer.js'

const templateString = (i: { packageId: string; moduleName: string; entityName: string }) =>
  `${i.packageId}:${i.moduleName}:${i.entityName}`

function root(tx: PreparedTransaction) {
  const n = tx.transaction?.nodes[0]?.versionedNode
  if (n?.oneofKind !== 'v1' || n.v1.nodeType.oneofKind !== 'exercise')
    throw new Error('fixture: no root exercise')
  return n.v1.nodeType.exercise
}

describe('summarizeTransfer', () => {
  test('behavior: TransferFactory_Transfer -> sender, receiver, amount, instrument, times and inputs', () => {
    expect(summarizeTransfer(buildPreparedTransfer())).toEqual({
      kind: 'transfer',
      choice: 'TransferFactory_Transfer',
      templateId: templateString(IDS.factoryTemplate),
      interfaceId: templateString(IDS.transferFactoryInterface),
      packageName: 'stratos-devnet-token',
      rootCount: 1,
      factoryCid: CIDS.factory,
      actingParties: [PARTIES.alice],
      expectedAdmin: PARTIES.admin,
      sender: PARTIES.alice,
      receiver: PARTIES.bob,
      amount: '10.0000000000',
      instrumentId: { admin: PARTIES.admin, id: 'USDX' },
      requestedAt: '2026-11-23T10:00:00.000Z',
      executeBefore: '2026-11-24T10:00:00.000Z',
      inputHoldingCids: [CIDS.holding],
    })
  })

  test('behavior: a choice argument without field labels is read by the standard’s field order', () => {
    const summary = summarizeTransfer(
      buildPreparedTransfer({ choiceArgument: withoutLabels(transferChoiceArgument()) }),
    )
    expect(summary).toMatchObject({
      kind: 'transfer',
      sender: PARTIES.alice,
      receiver: PARTIES.bob,
      amount: '10.0000000000',
      instrumentId: { admin: PARTIES.admin, id: 'USDX' },
      executeBefore: '2026-11-24T10:00:00.000Z',
      inputHoldingCids: [CIDS.holding],
    })
  })

  test('behavior: timestamps keep microseconds that are not whole milliseconds', () => {
    const prepared = buildPreparedTransfer()
    const arg = transferChoiceArgument()
    const transfer = arg.sum.oneofKind === 'record' ? arg.sum.record.fields[1]?.value : undefined
    const requestedAt = transfer?.sum.oneofKind === 'record' ? transfer.sum.record.fields[4] : undefined
    if (requestedAt) requestedAt.value = { sum: { oneofKind: 'timestamp', timestamp: '1795428000000001' } }
    root(prepared).chosenValue = arg
    expect(summarizeTransfer(prepared)).toMatchObject({ requestedAt: '2026-11-23T10:00:00.000001Z' })
  })

  test('behavior: Accept / Reject / Withdraw -> instruction cid, who, and the transfer from the input contract', () => {
    for (const [choice, action, actor] of [
      ['TransferInstruction_Accept', 'accept', PARTIES.bob],
      ['TransferInstruction_Reject', 'reject', PARTIES.bob],
      ['TransferInstruction_Withdraw', 'withdraw', PARTIES.alice],
    ] as const) {
      expect(summarizeTransfer(buildPreparedInstructionChoice(choice, actor))).toEqual({
        kind: 'transfer-instruction',
        choice,
        action,
        templateId: templateString(IDS.instructionTemplate),
        interfaceId: templateString(IDS.transferInstructionInterface),
        packageName: 'stratos-devnet-token',
        rootCount: 1,
        instructionCid: CIDS.instruction,
        actingParties: [actor],
        transfer: {
          sender: TRANSFER.sender,
          receiver: TRANSFER.receiver,
          amount: TRANSFER.amount,
          instrumentId: TRANSFER.instrumentId,
          requestedAt: TRANSFER.requestedAt,
          executeBefore: TRANSFER.executeBefore,
          inputHoldingCids: TRANSFER.inputHoldingCids,
        },
      })
    }
  })

  test('behavior: an instruction whose contract is not among the inputs still names cid and actor', () => {
    const prepared = buildPreparedInstructionChoice('TransferInstruction_Accept', PARTIES.bob)
    if (prepared.metadata) prepared.metadata.inputContracts = []
    const summary = summarizeTransfer(prepared)
    expect(summary).toMatchObject({ kind: 'transfer-instruction', instructionCid: CIDS.instruction })
    expect(summary).not.toHaveProperty('transfer')
  })

  test('behavior: a create command -> kind create with template and signatories', () => {
    const prepared = buildPreparedTransfer()
    const tx = prepared.transaction as NonNullable<PreparedTransaction['transaction']>
    tx.roots = ['4']
    tx.nodes = tx.nodes.filter((n) => n.nodeId === '4')
    expect(summarizeTransfer(prepared)).toEqual({
      kind: 'create',
      templateId: templateString(IDS.instructionTemplate),
      packageName: 'stratos-devnet-token',
      rootCount: 1,
      contractId: CIDS.instruction,
      signatories: [PARTIES.admin, PARTIES.alice],
      stakeholders: [PARTIES.admin, PARTIES.bob, PARTIES.alice],
    })
  })

  test('behavior: an unknown choice -> kind unknown with template and choice', () => {
    const prepared = buildPreparedTransfer()
    root(prepared).choiceId = 'DoSomethingElse'
    delete root(prepared).interfaceId
    expect(summarizeTransfer(prepared)).toMatchObject({
      kind: 'unknown',
      templateId: templateString(IDS.factoryTemplate),
      choice: 'DoSomethingElse',
      contractId: CIDS.factory,
      actingParties: [PARTIES.alice],
      rootCount: 1,
    })
  })

  test('behavior: a transfer nested in another root action says within which', () => {
    const prepared = buildPreparedTransfer()
    const tx = prepared.transaction as NonNullable<PreparedTransaction['transaction']>
    const dappTemplate = id('da'.repeat(32), 'Some.Dapp', 'Router')
    tx.nodes.push({
      nodeId: '10',
      versionedNode: {
        oneofKind: 'v1',
        v1: {
          nodeType: {
            oneofKind: 'exercise',
            exercise: {
              lfVersion: '2.1',
              contractId: `00${'dd'.repeat(32)}`,
              packageName: 'some-dapp',
              templateId: dappTemplate,
              signatories: [PARTIES.mallory],
              stakeholders: [PARTIES.mallory],
              actingParties: [PARTIES.alice],
              choiceId: 'Router_Pay',
              chosenValue: v.record(dappTemplate, []),
              consuming: false,
              children: ['0'],
              choiceObservers: [],
            },
          },
        },
      },
    })
    tx.roots = ['10']
    expect(summarizeTransfer(prepared)).toMatchObject({
      kind: 'transfer',
      receiver: PARTIES.bob,
      within: { templateId: templateString(dappTemplate), choice: 'Router_Pay' },
    })
  })

  test('behavior: a transfer inside a rollback node does not happen and is not reported', () => {
    const prepared = buildPreparedTransfer()
    const tx = prepared.transaction as NonNullable<PreparedTransaction['transaction']>
    tx.nodes.push({
      nodeId: '10',
      versionedNode: {
        oneofKind: 'v1',
        v1: { nodeType: { oneofKind: 'rollback', rollback: { children: ['0'] } } },
      },
    })
    tx.roots = ['10']
    expect(summarizeTransfer(prepared)).toMatchObject({ kind: 'unknown', templateId: '', rootCount: 1 })
  })

  test('error: a TransferFactory_Transfer through a non-standard interface is not shown as a transfer', () => {
    const prepared = buildPreparedTransfer()
    root(prepared).interfaceId = id('66'.repeat(32), 'Evil.Token', 'TransferFactory')
    expect(summarizeTransfer(prepared)).toMatchObject({ kind: 'unknown', choice: 'TransferFactory_Transfer' })
  })

  test('error: a look-alike interface (the standard’s module and entity names, another package) is refused', () => {
    const lookAlike = id('66'.repeat(32), 'Splice.Api.Token.TransferInstructionV1', 'TransferFactory')
    const prepared = buildPreparedTransfer()
    root(prepared).interfaceId = lookAlike
    expect(summarizeTransfer(prepared)).toMatchObject({
      kind: 'unknown',
      choice: 'TransferFactory_Transfer',
      interfaceId: templateString(lookAlike),
    })
    const accept = buildPreparedInstructionChoice('TransferInstruction_Accept', PARTIES.bob)
    root(accept).interfaceId = id(
      '66'.repeat(32),
      'Splice.Api.Token.TransferInstructionV1',
      'TransferInstruction',
    )
    expect(summarizeTransfer(accept)).toMatchObject({ kind: 'unknown', choice: 'TransferInstruction_Accept' })
  })

  test('error: the standard’s choice names on a template exercised directly (no interface) are not a transfer', () => {
    const prepared = buildPreparedTransfer()
    delete root(prepared).interfaceId
    expect(summarizeTransfer(prepared)).toMatchObject({ kind: 'unknown', choice: 'TransferFactory_Transfer' })
    const accept = buildPreparedInstructionChoice('TransferInstruction_Accept', PARTIES.bob)
    delete root(accept).interfaceId
    expect(summarizeTransfer(accept)).toMatchObject({ kind: 'unknown', choice: 'TransferInstruction_Accept' })
  })

  test('error: the TransferInstruction interface is not a factory (choice and interface must match)', () => {
    const prepared = buildPreparedTransfer()
    root(prepared).interfaceId = IDS.transferInstructionInterface
    expect(summarizeTransfer(prepared)).toMatchObject({ kind: 'unknown', choice: 'TransferFactory_Transfer' })
  })

  test('error: an argument of another shape (labels that are not the standard’s) -> unknown, not a guess', () => {
    const prepared = buildPreparedTransfer({
      choiceArgument: v.record(IDS.factoryTemplate, [
        ['to', v.party(PARTIES.mallory)],
        ['value', v.numeric('1.0')],
      ]),
    })
    expect(summarizeTransfer(prepared)).toMatchObject({ kind: 'unknown', choice: 'TransferFactory_Transfer' })
  })

  test('error: a field of the wrong kind (amount as text) -> unknown', () => {
    const arg = transferChoiceArgument()
    const transfer = arg.sum.oneofKind === 'record' ? arg.sum.record.fields[1]?.value : undefined
    const amount = transfer?.sum.oneofKind === 'record' ? transfer.sum.record.fields[2] : undefined
    if (amount) amount.value = v.text('10')
    expect(summarizeTransfer(buildPreparedTransfer({ choiceArgument: arg }))).toMatchObject({
      kind: 'unknown',
    })
  })

  test('behavior: an empty transaction -> unknown with rootCount 0 (never throws)', () => {
    expect(summarizeTransfer({})).toEqual({
      kind: 'unknown',
      templateId: '',
      packageName: '',
      rootCount: 0,
      actingParties: [],
    })
  })
})
