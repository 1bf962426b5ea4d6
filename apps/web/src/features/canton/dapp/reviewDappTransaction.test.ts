import type { PreparedTransaction } from '@canton-network/core-ledger-proto'
import { buildPreparedTransfer, PARTIES, serverResponse, TRANSFER } from '@stratos/canton/testing'
import { describe, expect, test } from 'vitest'
import { reviewDappTransaction, UNDESCRIBED_WARNING } from './reviewDappTransaction'

/** What the dApp prepare route answers for `prepared` (its command id is the transaction's). */
async function answer(prepared: PreparedTransaction) {
  return { ...(await serverResponse(prepared)), commandId: prepared.metadata?.submitterInfo?.commandId ?? '' }
}

/** `prepared` with a create of another template as a second root, beside the transfer. */
function withCreateBeside(prepared: PreparedTransaction): PreparedTransaction {
  const copy = structuredClone(prepared)
  const create = copy.transaction?.nodes.find((n) => n.nodeId === '4')
  if (!copy.transaction || !create) throw new Error('expected the instruction create')
  copy.transaction.nodes.push({ ...structuredClone(create), nodeId: '5' })
  copy.transaction.roots.push('5')
  copy.transaction.nodeSeeds.push({ nodeId: 5, seed: new Uint8Array(32).fill(9) })
  return copy
}

describe('reviewDappTransaction', () => {
  test('behavior: a transfer that is the whole transaction is described as a transfer, with the recomputed hash', async () => {
    const { review, verified } = await reviewDappTransaction(
      await answer(buildPreparedTransfer()),
      PARTIES.alice,
      'prepareExecute',
    )
    expect(review).toMatchObject({
      kind: 'transaction',
      partyId: PARTIES.alice,
      commandId: 'cmd-1',
      description: { kind: 'transfer', transfer: { sender: PARTIES.alice, receiver: PARTIES.bob } },
      warning: null,
    })
    expect(review.hash).toEqual(verified.hash)
  })

  test('behavior: a transfer beside another action is listed action by action with the warning', async () => {
    const { review } = await reviewDappTransaction(
      await answer(withCreateBeside(buildPreparedTransfer())),
      PARTIES.alice,
      'prepareExecute',
    )
    expect(review.warning).toBe(UNDESCRIBED_WARNING)
    expect(review.description).toMatchObject({ kind: 'actions' })
    const { actions } = review.description as { actions: { kind: string; depth: number }[] }
    expect(actions.map((a) => [a.kind, a.depth])).toEqual([
      ['exercise', 0],
      ['exercise', 1],
      ['create', 1],
      ['create', 1],
      ['create', 0],
    ])
  })

  test('error: a transaction acting for another party too, or with another command id, is refused', async () => {
    const both = await answer(buildPreparedTransfer({ actAs: [PARTIES.alice, PARTIES.mallory] }))
    await expect(reviewDappTransaction(both, PARTIES.alice, 'prepareExecute')).rejects.toMatchObject({
      code: 'PREPARED_MISMATCH',
      message: expect.stringContaining('other parties'),
    })
    const prepared = await answer(buildPreparedTransfer())
    await expect(
      reviewDappTransaction({ ...prepared, commandId: 'other' }, PARTIES.alice, 'prepareExecute'),
    ).rejects.toMatchObject({ code: 'PREPARED_MISMATCH' })
    const mallorySends = await answer(
      buildPreparedTransfer({ transfer: { ...TRANSFER, sender: PARTIES.mallory } }),
    )
    await expect(reviewDappTransaction(mallorySends, PARTIES.alice, 'prepareExecute')).rejects.toMatchObject({
      code: 'PREPARED_SIGNER_MISMATCH',
    })
  })
})
