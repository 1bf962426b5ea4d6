import type { PreparedTransaction } from '@canton-network/core-ledger-proto'
import { buildPreparedTransfer, PARTIES, serverResponse } from '@stratos/canton/testing'
import { describe, expect, test } from 'vitest'
import { type CantonIntent, reviewPrepared } from './reviewPrepared'

const intent: CantonIntent = {
  kind: 'transfer',
  receiver: PARTIES.bob,
  amount: '10',
  instrument: { admin: PARTIES.admin, id: 'USDX' },
}

/** `prepared` with its root subtree copied as a second root (node ids shifted by 10): the same transfer twice. */
function withSecondRoot(prepared: PreparedTransaction): PreparedTransaction {
  const transaction = prepared.transaction!
  const shift = (id: string) => String(Number(id) + 10)
  const copies = structuredClone(transaction.nodes).map((node) => {
    node.nodeId = shift(node.nodeId)
    const { versionedNode } = node
    if (versionedNode.oneofKind === 'v1' && versionedNode.v1.nodeType.oneofKind === 'exercise') {
      const exercise = versionedNode.v1.nodeType.exercise
      exercise.children = exercise.children.map(shift)
    }
    return node
  })
  return {
    ...prepared,
    transaction: {
      ...transaction,
      roots: [...transaction.roots, ...transaction.roots.map(shift)],
      nodes: [...transaction.nodes, ...copies],
      nodeSeeds: [
        ...transaction.nodeSeeds,
        ...transaction.nodeSeeds.map((s) => ({ ...s, nodeId: s.nodeId + 10 })),
      ],
    },
  }
}

describe('reviewPrepared', () => {
  test('behavior: the transfer asked for is shown with the hash the browser computed', async () => {
    const reviewed = await reviewPrepared(
      await serverResponse(buildPreparedTransfer()),
      PARTIES.alice,
      intent,
    )
    expect(reviewed.action).toBe('send')
    expect(reviewed.transfer.receiver).toBe(PARTIES.bob)
    expect(reviewed.completesAtOnce).toBe(false)
  })

  test('behavior: a send the registry completes at once (transferKind direct) says so', async () => {
    const prepared = await serverResponse(buildPreparedTransfer())
    const direct = await reviewPrepared({ ...prepared, transferKind: 'direct' }, PARTIES.alice, intent)
    expect(direct.completesAtOnce).toBe(true)
    const offer = await reviewPrepared({ ...prepared, transferKind: 'offer' }, PARTIES.alice, intent)
    expect(offer.completesAtOnce).toBe(false)
  })

  test('error: a second action beside the one shown (the transfer twice) is PREPARED_MISMATCH; nothing is signed', async () => {
    const doubled = await serverResponse(withSecondRoot(buildPreparedTransfer()))
    await expect(reviewPrepared(doubled, PARTIES.alice, intent)).rejects.toMatchObject({
      code: 'PREPARED_MISMATCH',
      message: expect.stringContaining('2 things at once'),
    })
  })
})
