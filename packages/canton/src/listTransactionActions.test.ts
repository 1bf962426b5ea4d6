import { describe, expect, test } from 'vitest'
import { listTransactionActions } from './listTransactionActions.js'
import { buildPreparedTransfer, CIDS, PARTIES } from './testing/index.js'

describe('listTransactionActions', () => {
  test('behavior: lists every create and exercise of the tree in hash order with its depth; fetches counted', () => {
    const { actions, fetches, rollbacks } = listTransactionActions(buildPreparedTransfer())
    expect(actions.map((a) => [a.kind, a.depth, a.kind === 'exercise' ? a.choice : a.contractId])).toEqual([
      ['exercise', 0, 'TransferFactory_Transfer'],
      ['exercise', 1, 'Archive'],
      ['create', 1, CIDS.lockedHolding],
      ['create', 1, CIDS.instruction],
    ])
    expect(actions[0]).toMatchObject({
      templateId: expect.stringMatching(/:Stratos\.Devnet\.Token:TestTransferFactory$/),
      interfaceId: expect.stringMatching(/:Splice\.Api\.Token\.TransferInstructionV1:TransferFactory$/),
      contractId: CIDS.factory,
      consuming: false,
      actingParties: [PARTIES.alice],
    })
    expect(actions[3]).toMatchObject({ signatories: [PARTIES.admin, PARTIES.alice] })
    expect([fetches, rollbacks]).toEqual([1, 0])
  })

  test('behavior: a rollback subtree is counted, its actions are not listed (they do not happen)', () => {
    const prepared = buildPreparedTransfer()
    const root = prepared.transaction?.nodes[0]
    if (root?.versionedNode.oneofKind !== 'v1' || root.versionedNode.v1.nodeType.oneofKind !== 'exercise')
      throw new Error('expected an exercise root')
    root.versionedNode.v1.nodeType.exercise.children = ['1', '9']
    prepared.transaction?.nodes.push({
      nodeId: '9',
      versionedNode: {
        oneofKind: 'v1',
        v1: { nodeType: { oneofKind: 'rollback', rollback: { children: ['2', '3', '4'] } } },
      },
    })
    const { actions, rollbacks } = listTransactionActions(prepared)
    expect(actions.map((a) => a.kind)).toEqual(['exercise'])
    expect(rollbacks).toBe(1)
  })
})
