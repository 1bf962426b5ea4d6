import { randomBytes } from 'node:crypto'
import { type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { openJournal } from '../journal/index.js'
import type { CantonIntent, Journal, JournalTx } from '../types.js'
import { bumpFee } from './bumpFee.js'
import { createTxSender, type TxSender } from './createTxSender.js'

// anvil's well-known test key #1 (public test data, not a secret).
const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const account = privateKeyToAccount(KEY)
const TOKEN = 1n
const SINK: Address = '0x000000000000000000000000000000000000dEaD'

let anvil: AnvilNode
let client: PublicClient
let journal: Journal
const senders: TxSender[] = []

const testClient = () => createTestClient({ mode: 'anvil', chain: foundry, transport: http(anvil.rpcUrl) })
const wallet = () => createWalletClient({ account, chain: foundry, transport: http(anvil.rpcUrl) })

type Broadcast = { intentId: Hex; tx: JournalTx; kind: 'send' | 'fee-bump' | 'rebroadcast' }

/** Resolves with the first event `match` accepts (already seen ones count). */
function events<T>() {
  const seen: T[] = []
  const waiters: { match: (event: T) => boolean; resolve: (event: T) => void }[] = []
  return {
    seen,
    emit(event: T) {
      seen.push(event)
      for (const waiter of [...waiters])
        if (waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve(event)
        }
    },
    next(match: (event: T) => boolean): Promise<T> {
      const found = seen.find(match)
      if (found !== undefined) return Promise.resolve(found)
      return new Promise((resolve) => waiters.push({ match, resolve }))
    },
  }
}

function newSender(options: { confirmations?: number; feeBumpAfterMs?: number } = {}) {
  const broadcasts = events<Broadcast>()
  const heads = events<bigint>()
  const sender = createTxSender({
    chainId: anvil.chainId,
    client,
    account,
    journal,
    fencingToken: () => TOKEN,
    pollIntervalMs: 50,
    feeBumpAfterMs: options.feeBumpAfterMs ?? 60_000,
    confirmations: options.confirmations,
    onBroadcast: (intentId, tx, kind) => broadcasts.emit({ intentId, tx, kind }),
    onHead: (blockNumber) => heads.emit(blockNumber),
  })
  senders.push(sender)
  return {
    sender,
    /** The first broadcast of `intentId` of that kind. */
    broadcast: (intentId: Hex, kind: Broadcast['kind']) =>
      broadcasts.next((b) => b.intentId === intentId && b.kind === kind),
    /** Resolves once the sender has read a head at or past `blockNumber` and woken its watchers. */
    head: (blockNumber: bigint) => heads.next((n) => n >= blockNumber),
  }
}

/** A journal entry in state `signed`, as the relayer has it right before sending. */
async function signedEntry(): Promise<Hex> {
  const intentId = `0x${randomBytes(32).toString('hex')}` as Hex
  const intent: CantonIntent = {
    contractId: `00${randomBytes(8).toString('hex')}`,
    institution: 'institution::1220aa',
    operator: 'operator::1220bb',
    regulator: null,
    intentId,
    vaultId: `0x${'11'.repeat(32)}`,
    chainId: anvil.chainId,
    vault: SINK,
    adapter: SINK,
    callData: '0x12345678',
    value: 0n,
    nonce: 0n,
    deadline: BigInt(Math.floor(Date.now() / 1000) + 3600),
  }
  await journal.receive(TOKEN, intent)
  await journal.transition(TOKEN, intentId, ['received'], 'validated')
  await journal.transition(TOKEN, intentId, ['validated'], 'signed', { intentSignature: '0x01' })
  return intentId
}

const transfer = { to: SINK, data: '0x' as Hex, value: 1n, gas: 21_000n }

beforeAll(async () => {
  anvil = await startAnvil()
  client = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) }) as PublicClient
})
afterAll(async () => {
  await anvil?.stop()
})
beforeEach(async () => {
  journal = await openJournal({ kind: 'sqlite', file: ':memory:' })
  await testClient().setAutomine(true)
})
afterEach(async () => {
  for (const s of senders.splice(0)) s.close()
  await journal.close()
})

describe('bumpFee', () => {
  test('behavior: raises by at least 12.5%, rounded up', () => {
    expect(bumpFee(8n)).toBe(9n)
    expect(bumpFee(1_000_000_001n)).toBe(1_125_000_002n)
    expect(bumpFee(1n) * 1000n >= 1125n).toBe(true)
  })
})

describe('createTxSender', () => {
  test('behavior: nonce is reconciled with the chain after an out-of-band tx from the same key', async () => {
    const { sender } = newSender({ feeBumpAfterMs: 200 })
    await sender.reconcile()
    const before = sender.nextNonce()!
    expect(before).toBe(await client.getTransactionCount({ address: account.address }))

    // Someone else uses the key: our next nonce is now taken.
    const oob = await wallet().sendTransaction({ to: SINK, value: 1n, nonce: before })
    await client.waitForTransactionReceipt({ hash: oob })

    const intentId = await signedEntry()
    const outcome = await sender.send(intentId, transfer)
    // The node said "nonce too low": the sender reconciled and reports the nonce as taken.
    expect(outcome).toEqual({ status: 'nonce-consumed', nonce: before })
    expect(sender.nextNonce()).toBe(before + 1)

    // The next send uses the reconciled nonce and is mined.
    const again = await sender.send(intentId, transfer)
    expect(again.status).toBe('mined')
    if (again.status !== 'mined') return
    expect(again.receipt.status).toBe('success')
    const tx = await client.getTransaction({ hash: again.hash })
    expect(tx.nonce).toBe(before + 1)
    const entry = await journal.get(intentId)
    expect(entry?.state).toBe('broadcast')
    expect(entry?.txs.map((t) => t.nonce)).toEqual([before, before + 1])
  })

  test('behavior: reconcile counts pending transactions of the key', async () => {
    await testClient().setAutomine(false)
    const latest = await client.getTransactionCount({ address: account.address })
    await wallet().sendTransaction({ to: SINK, value: 1n, nonce: latest })
    const { sender } = newSender()
    await sender.reconcile()
    expect(sender.nextNonce()).toBe(latest + 1)
    await testClient().mine({ blocks: 1 })
  })

  test('behavior: a stalled tx is re-signed with >= 12.5% higher fees; both hashes kept, one mined', async () => {
    await testClient().setAutomine(false)
    const { sender, broadcast } = newSender({ feeBumpAfterMs: 300 })
    const intentId = await signedEntry()
    const sending = sender.send(intentId, transfer)
    // Nothing is mined until the re-signed transaction has been broadcast.
    await broadcast(intentId, 'fee-bump')
    await testClient().mine({ blocks: 1 })
    const outcome = await sending
    expect(outcome.status).toBe('mined')
    const entry = (await journal.get(intentId))!
    expect(entry.txs.length).toBeGreaterThanOrEqual(2)
    const [first, second] = entry.txs as [JournalTx, JournalTx]
    expect(second.nonce).toBe(first.nonce)
    expect(second.hash).not.toBe(first.hash)
    expect(second.maxFeePerGas * 1000n >= first.maxFeePerGas * 1125n).toBe(true)
    expect(second.maxPriorityFeePerGas * 1000n >= first.maxPriorityFeePerGas * 1125n).toBe(true)
    const mined = await Promise.all(
      entry.txs.map((t) =>
        client.getTransactionReceipt({ hash: t.hash }).then(
          () => true,
          () => false,
        ),
      ),
    )
    expect(mined.filter(Boolean)).toHaveLength(1)
    if (outcome.status === 'mined')
      expect(mined[entry.txs.findIndex((t) => t.hash === outcome.hash)]).toBe(true)
  })

  test('behavior: with confirmations 3 the outcome waits until the receipt has 3 blocks', async () => {
    await testClient().setAutomine(false)
    const { sender, broadcast, head } = newSender({ confirmations: 3 })
    const intentId = await signedEntry()
    let settled = false
    const sending = sender.send(intentId, transfer).finally(() => {
      settled = true
    })
    const { tx } = await broadcast(intentId, 'send')
    const hash = tx.hash
    // Depth 1, then 2: each head is seen by the sender (its watcher woken) and the outcome waits.
    await testClient().mine({ blocks: 1 })
    const receipt = await client.getTransactionReceipt({ hash })
    await head(receipt.blockNumber)
    expect(settled).toBe(false)
    await testClient().mine({ blocks: 1 })
    await head(receipt.blockNumber + 1n)
    expect(settled).toBe(false)
    // Depth 3.
    await testClient().mine({ blocks: 1 })
    const outcome = await sending
    expect(outcome.status).toBe('mined')
    if (outcome.status !== 'mined') return
    expect(outcome.hash).toBe(hash)
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(receipt.blockNumber + 2n)
  })

  test('behavior: a new sender resumes a tx journaled but never broadcast (crash in between)', async () => {
    const intentId = await signedEntry()
    // The crashed leader: signed and journaled the tx, then died before broadcasting it.
    const nonce = await client.getTransactionCount({ address: account.address, blockTag: 'pending' })
    const fees = await client.estimateFeesPerGas()
    const raw = await account.signTransaction({
      chainId: anvil.chainId,
      type: 'eip1559',
      ...transfer,
      nonce,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    })
    const { keccak256 } = await import('viem')
    const kept: JournalTx = { hash: keccak256(raw), raw, nonce, ...fees, sentAt: new Date() }
    await journal.addTx(TOKEN, intentId, kept)
    await journal.transition(TOKEN, intentId, ['signed'], 'broadcast')

    const { sender } = newSender()
    await sender.reconcile()
    // The journaled nonce is held: the next one is after it although the node never saw it.
    expect(sender.nextNonce()).toBe(nonce + 1)
    const entry = (await journal.get(intentId))!
    const outcome = await sender.watch(intentId, entry.txs)
    expect(outcome).toMatchObject({ status: 'mined', hash: kept.hash })
    expect((await journal.get(intentId))?.txs).toHaveLength(1)
  })

  test('behavior: a tx dropped by the node (a gap below the next one) is re-sent and both are mined', async () => {
    await testClient().setAutomine(false)
    const { sender, broadcast } = newSender({ feeBumpAfterMs: 400 })
    const [a, b] = [await signedEntry(), await signedEntry()]
    const sendingA = sender.send(a, transfer)
    const sendingB = sender.send(b, transfer)
    const { tx: sentA } = await broadcast(a, 'send')
    await broadcast(b, 'send')
    const hashA = sentA.hash
    await testClient().dropTransaction({ hash: hashA })
    await testClient().mine({ blocks: 1 })
    // B waits behind the gap until A's watcher re-signs A with higher fees.
    await broadcast(a, 'fee-bump')
    await testClient().mine({ blocks: 1 })
    // Whatever either watcher sends next (B may be bumped too) is mined as it arrives.
    await testClient().setAutomine(true)
    const [outA, outB] = await Promise.all([sendingA, sendingB])
    expect(outA.status).toBe('mined')
    expect(outB.status).toBe('mined')
    if (outA.status === 'mined') expect(outA.hash).not.toBe(hashA)
  })
})
