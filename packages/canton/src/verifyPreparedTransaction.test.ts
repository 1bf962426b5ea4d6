import { PreparedTransaction } from '@canton-network/core-ledger-proto'
import { hashPreparedTransaction } from '@canton-network/core-tx-visualizer'
import { describe, expect, test } from 'vitest'
import {
  buildPreparedTransfer,
  PARTIES,
  serverResponse,
  TRANSFER,
  toBase64,
  transferChoiceArgument,
} from './testing/buildPreparedTransfer.js'
import { verifyPreparedTransaction } from './verifyPreparedTransaction.js'

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))

/** Decodes what the server sent, lets `edit` change it, and re-encodes it (keeping the old hash). */
function tamper(preparedTransaction: string, edit: (tx: PreparedTransaction) => void): string {
  const tx = PreparedTransaction.fromBinary(fromBase64(preparedTransaction))
  edit(tx)
  return toBase64(PreparedTransaction.toBinary(tx))
}

function rootExercise(tx: PreparedTransaction) {
  const n = tx.transaction?.nodes[0]?.versionedNode
  if (n?.oneofKind !== 'v1' || n.v1.nodeType.oneofKind !== 'exercise')
    throw new Error('fixture: no root exercise')
  return n.v1.nodeType.exercise
}

describe('verifyPreparedTransaction', () => {
  test('behavior: a transaction that matches its hash returns the recomputed 32-byte hash, act_as and summary', async () => {
    const response = await serverResponse(buildPreparedTransfer())
    const verified = await verifyPreparedTransaction({ ...response, expectedSigner: PARTIES.alice })
    expect(verified.hash).toBeInstanceOf(Uint8Array)
    expect(verified.hash).toHaveLength(32)
    expect(verified.hashBase64).toBe(response.preparedTransactionHash)
    expect(verified.hash).toEqual(fromBase64(response.preparedTransactionHash))
    expect(verified.actAs).toEqual([PARTIES.alice])
    expect(verified.commandId).toBe('cmd-1')
    expect(verified.synchronizerId).toMatch(/^devnet-synchronizer::1220/)
    expect(verified.summary).toMatchObject({
      kind: 'transfer',
      receiver: PARTIES.bob,
      amount: '10.0000000000',
    })
    // Nothing was changed in the decoded message while checking it.
    expect(toBase64(PreparedTransaction.toBinary(verified.decoded))).toBe(response.preparedTransaction)
  })

  test('error: the receiver changed after hashing -> PREPARED_HASH_MISMATCH, with a message a person understands', async () => {
    const response = await serverResponse(buildPreparedTransfer())
    const preparedTransaction = tamper(response.preparedTransaction, (tx) => {
      rootExercise(tx).chosenValue = transferChoiceArgument({ ...TRANSFER, receiver: PARTIES.mallory })
    })
    const error = await verifyPreparedTransaction({ ...response, preparedTransaction }).catch((e) => e)
    expect(error).toMatchObject({
      name: 'CantonError',
      code: 'PREPARED_HASH_MISMATCH',
      shortMessage: 'The transaction the server prepared does not match its hash; nothing was signed',
    })
  })

  test('error: the amount changed after hashing -> PREPARED_HASH_MISMATCH', async () => {
    const response = await serverResponse(buildPreparedTransfer())
    const preparedTransaction = tamper(response.preparedTransaction, (tx) => {
      rootExercise(tx).chosenValue = transferChoiceArgument({ ...TRANSFER, amount: '1000.0000000000' })
    })
    await expect(verifyPreparedTransaction({ ...response, preparedTransaction })).rejects.toMatchObject({
      code: 'PREPARED_HASH_MISMATCH',
    })
  })

  test('error: the submitting party changed after hashing -> PREPARED_HASH_MISMATCH', async () => {
    const response = await serverResponse(buildPreparedTransfer())
    const preparedTransaction = tamper(response.preparedTransaction, (tx) => {
      if (tx.metadata?.submitterInfo) tx.metadata.submitterInfo.actAs = [PARTIES.mallory]
    })
    await expect(verifyPreparedTransaction({ ...response, preparedTransaction })).rejects.toMatchObject({
      code: 'PREPARED_HASH_MISMATCH',
    })
  })

  test('error: a tampered hash (one bit flipped) -> PREPARED_HASH_MISMATCH', async () => {
    const response = await serverResponse(buildPreparedTransfer())
    const hash = fromBase64(response.preparedTransactionHash)
    hash[31] = (hash[31] as number) ^ 1
    await expect(
      verifyPreparedTransaction({ ...response, preparedTransactionHash: toBase64(hash) }),
    ).rejects.toMatchObject({ code: 'PREPARED_HASH_MISMATCH' })
  })

  test('error: a hash of the right transaction but the wrong length -> PREPARED_HASH_MISMATCH', async () => {
    const response = await serverResponse(buildPreparedTransfer())
    const hash = fromBase64(response.preparedTransactionHash).subarray(0, 31)
    await expect(
      verifyPreparedTransaction({ ...response, preparedTransactionHash: toBase64(hash) }),
    ).rejects.toMatchObject({ code: 'PREPARED_HASH_MISMATCH' })
  })

  test('error: a node outside the tree (not hashed) showing another receiver is refused although the hash matches', async () => {
    const prepared = buildPreparedTransfer()
    const decoy = structuredClone(prepared.transaction?.nodes[0]) as NonNullable<
      NonNullable<PreparedTransaction['transaction']>['nodes'][number]
    >
    decoy.nodeId = '99'
    if (decoy.versionedNode.oneofKind === 'v1' && decoy.versionedNode.v1.nodeType.oneofKind === 'exercise') {
      decoy.versionedNode.v1.nodeType.exercise.chosenValue = transferChoiceArgument({
        ...TRANSFER,
        receiver: PARTIES.mallory,
      })
      decoy.versionedNode.v1.nodeType.exercise.children = []
    }
    const withDecoy = structuredClone(prepared)
    withDecoy.transaction?.nodes.unshift(decoy)
    // The V2 hash only covers nodes reached from the roots: the decoy does not change it.
    expect(await hashPreparedTransaction(withDecoy, 'base64')).toBe(
      await hashPreparedTransaction(prepared, 'base64'),
    )
    const response = await serverResponse(withDecoy)
    await expect(verifyPreparedTransaction(response)).rejects.toMatchObject({
      code: 'PREPARED_TRANSACTION_INVALID',
    })
  })

  test('error: two nodes with one id -> PREPARED_TRANSACTION_INVALID', async () => {
    const prepared = buildPreparedTransfer()
    const nodes = prepared.transaction?.nodes ?? []
    nodes.push({ ...(nodes[1] as (typeof nodes)[number]) })
    await expect(verifyPreparedTransaction(await serverResponse(prepared))).rejects.toMatchObject({
      code: 'PREPARED_TRANSACTION_INVALID',
    })
  })

  test('error: a child that is not in the transaction -> PREPARED_TRANSACTION_INVALID (not a crash in the hasher)', async () => {
    const prepared = buildPreparedTransfer()
    const preparedTransaction = toBase64(PreparedTransaction.toBinary(prepared))
    const tampered = tamper(preparedTransaction, (tx) => {
      rootExercise(tx).children.push('42')
    })
    await expect(
      verifyPreparedTransaction({
        preparedTransaction: tampered,
        preparedTransactionHash: toBase64(new Uint8Array(32)),
      }),
    ).rejects.toMatchObject({ code: 'PREPARED_TRANSACTION_INVALID' })
  })

  test('error: a cycle in the tree -> PREPARED_TRANSACTION_INVALID (the hasher would recurse forever)', async () => {
    const preparedTransaction = tamper(
      toBase64(PreparedTransaction.toBinary(buildPreparedTransfer())),
      (tx) => {
        rootExercise(tx).children.push('0')
      },
    )
    await expect(
      verifyPreparedTransaction({
        preparedTransaction,
        preparedTransactionHash: toBase64(new Uint8Array(32)),
      }),
    ).rejects.toMatchObject({ code: 'PREPARED_TRANSACTION_INVALID' })
  })

  test('error: bytes that are not a PreparedTransaction -> PREPARED_TRANSACTION_INVALID', async () => {
    await expect(
      verifyPreparedTransaction({
        preparedTransaction: toBase64(Uint8Array.from([0xff, 0xff, 0xff, 0xff])),
        preparedTransactionHash: toBase64(new Uint8Array(32)),
      }),
    ).rejects.toMatchObject({ code: 'PREPARED_TRANSACTION_INVALID' })
  })

  test('error: a transaction that does not act as the expected signer -> PREPARED_SIGNER_MISMATCH', async () => {
    const response = await serverResponse(buildPreparedTransfer())
    await expect(
      verifyPreparedTransaction({ ...response, expectedSigner: PARTIES.bob }),
    ).rejects.toMatchObject({
      code: 'PREPARED_SIGNER_MISMATCH',
    })
  })

  test('error: hashing scheme V3 -> UNSUPPORTED_HASHING_SCHEME', async () => {
    const response = await serverResponse(buildPreparedTransfer())
    await expect(
      verifyPreparedTransaction({ ...response, hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V3' }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED_HASHING_SCHEME' })
  })

  test('error: input that is not standard base64 -> INVALID_ARGUMENT', async () => {
    const response = await serverResponse(buildPreparedTransfer())
    await expect(
      verifyPreparedTransaction({ ...response, preparedTransaction: `${response.preparedTransaction}!` }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(
      verifyPreparedTransaction({ ...response, preparedTransactionHash: 42 as unknown as string }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })
})
