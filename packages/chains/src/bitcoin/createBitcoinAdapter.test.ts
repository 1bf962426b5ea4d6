import { join } from 'node:path'
import { base64 } from '@scure/base'
import { p2pkh, p2tr, Transaction } from '@scure/btc-signer'
import { Vault } from '@stratos/keys'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ChainAdapter, PreparedTransfer } from '../ChainAdapter.js'
import { BITCOIN_NETWORKS } from './bitcoinNetwork.js'
import { bitcoinUpstream } from './bitcoinUpstream.js'
import { createBitcoinAdapter } from './createBitcoinAdapter.js'
import {
  type BitcoinLocalChain,
  DEFAULT_FEE_ESTIMATES,
  startBitcoinLocalChain,
} from './localChain/startBitcoinLocalChain.js'

const alice = Vault.fromMnemonic(`${'abandon '.repeat(11)}about`)
const bob = Vault.fromMnemonic(
  `${'legal winner thank year wave sausage worth useful legal winner thank '}yellow`,
)
/** Each test uses its own account index, so tests do not share coins. */
const addressOf = (vault: Vault, index: number) =>
  vault.addresses({ bitcoinNetwork: 'regtest', index }).bitcoin

let chain: BitcoinLocalChain
let adapter: ChainAdapter
const calls: { method: string; path: string }[] = []

beforeAll(async () => {
  chain = await startBitcoinLocalChain()
  const recording: typeof fetch = (input, init) => {
    const url = new URL(String(input))
    calls.push({ method: init?.method ?? 'GET', path: url.pathname })
    return fetch(input, init)
  }
  adapter = createBitcoinAdapter({ endpoint: chain.endpoint, network: 'regtest', fetch: recording })
})
afterAll(async () => {
  await chain?.stop()
})

const detail = (prepared: { details: { label: string; value: string }[] }, label: string) =>
  prepared.details.find((d) => d.label === label)?.value

async function send(from: Vault, index: number, to: string, amount: bigint, feeRate?: number) {
  const prepared = await adapter.prepareTransfer({
    from: addressOf(from, index),
    to,
    amount,
    ...(feeRate === undefined ? {} : { feeRate }),
  })
  const { txId } = await adapter.broadcast(adapter.signTransfer(from, prepared, index))
  return { prepared, txId }
}

describe('createBitcoinAdapter', () => {
  test('behavior: identify names regtest from the genesis block and reads the tip height', async () => {
    const identity = await adapter.identify()
    expect(identity).toMatchObject({ family: 'bitcoin', id: 'regtest' })
    expect(identity.height).toBeGreaterThanOrEqual(101n)
  })

  test('behavior: a Vault-signed send: pending, then confirmed; both balances and both histories', async () => {
    const from = addressOf(alice, 1)
    const to = addressOf(bob, 1)
    const funding = await chain.fund(from, 100_000n)
    expect(await adapter.getBalances(from, [])).toEqual({ native: 100_000n, tokens: [] })

    const estimate = await adapter.estimateFee({ from, to, amount: 30_000n })
    const { prepared, txId } = await send(alice, 1, to, 30_000n)
    expect(prepared.fee).toEqual(estimate)
    expect(prepared.fee.fee).toBe(282n) // 141 vB at the local chain's 2 sat/vB for 3 blocks
    expect(prepared.fee.details).toEqual([
      { label: 'Fee rate', value: '2 sat/vB' },
      { label: 'Size', value: '141 vB' },
      { label: 'Inputs', value: '1' },
      { label: 'Change', value: '69,718 sat' },
    ])
    const psbt = Transaction.fromPSBT(base64.decode((prepared.unsigned as { psbt: string }).psbt))
    expect(psbt.getInput(0).sequence).toBe(0xfffffffd)

    expect(await adapter.getTransactionStatus(txId)).toEqual({ state: 'pending' })
    expect((await adapter.getHistory(to)).items[0]).toMatchObject({ txId, direction: 'in', state: 'pending' })
    chain.mine()
    expect(await adapter.getTransactionStatus(txId)).toEqual({ state: 'confirmed' })

    expect(await adapter.getBalances(from, [])).toEqual({ native: 69_718n, tokens: [] })
    expect(await adapter.getBalances(to, [])).toEqual({ native: 30_000n, tokens: [] })
    const sent = await adapter.getHistory(from)
    expect(sent.items).toEqual([
      {
        txId,
        direction: 'out',
        amount: 30_000n,
        counterparty: to,
        fee: 282n,
        state: 'confirmed',
        time: expect.any(Number),
      },
      {
        txId: funding.txId,
        direction: 'in',
        amount: 100_000n,
        counterparty: chain.faucetAddress,
        state: 'confirmed',
        time: expect.any(Number),
      },
    ])
    expect(sent.nextCursor).toBeUndefined()
    expect((await adapter.getHistory(to)).items).toEqual([
      {
        txId,
        direction: 'in',
        amount: 30_000n,
        counterparty: from,
        state: 'confirmed',
        time: expect.any(Number),
      },
    ])
  })

  test('behavior: the fee rate is /fee-estimates for 3 blocks, or the request feeRate', async () => {
    const from = addressOf(alice, 2)
    await chain.fund(from, 100_000n)
    chain.setFeeEstimates({ '2': 10, '3': 5.5, '6': 2 })
    try {
      const estimated = await adapter.estimateFee({ from, to: addressOf(bob, 2), amount: 10_000n })
      expect(detail(estimated, 'Fee rate')).toBe('5.5 sat/vB')
      expect(estimated.fee).toBe(776n) // ceil(141 x 5.5)
      const asked = await adapter.estimateFee({ from, to: addressOf(bob, 2), amount: 10_000n, feeRate: 3 })
      expect(detail(asked, 'Fee rate')).toBe('3 sat/vB')
      expect(asked.fee).toBe(423n)
      chain.setFeeEstimates({})
      expect(
        detail(await adapter.estimateFee({ from, to: addressOf(bob, 2), amount: 10_000n }), 'Fee rate'),
      ).toBe('1 sat/vB')
    } finally {
      chain.setFeeEstimates({ ...DEFAULT_FEE_ESTIMATES })
    }
  })

  test('behavior: change below the dust limit is added to the fee, shown in the details, and relayed', async () => {
    const from = addressOf(alice, 3)
    const to = addressOf(bob, 3)
    await chain.fund(from, 10_000n)
    // Without change: 110 vB, 220 sat; with change 141 vB, 282 sat, leaving 38 sat of change.
    const { prepared, txId } = await send(alice, 3, to, 9_680n)
    expect(prepared.fee.fee).toBe(320n)
    expect(detail(prepared.fee, 'Change below dust added to fee')).toBe('100 sat')
    expect(detail(prepared.fee, 'Change')).toBeUndefined()
    expect(
      Transaction.fromPSBT(base64.decode((prepared.unsigned as { psbt: string }).psbt)).outputsLength,
    ).toBe(1)
    chain.mine()
    expect(await adapter.getTransactionStatus(txId)).toEqual({ state: 'confirmed' })
    expect(await adapter.getBalances(from, [])).toEqual({ native: 0n, tokens: [] })
  })

  test("behavior: the change of one's own pending send is spendable; someone else's pending payment is not", async () => {
    const from = addressOf(alice, 4)
    const to = addressOf(bob, 4)
    await chain.fund(from, 50_000n)
    await send(alice, 4, to, 10_000n)
    const { prepared } = await send(alice, 4, to, 20_000n)
    expect(prepared.notes[0]).toMatch(/spends the change of your pending transaction/)
    // Bob's 30,000 sat are pending payments from Alice: not his to spend yet.
    expect(await adapter.getBalances(to, [])).toEqual({ native: 30_000n, tokens: [] })
    await expect(adapter.prepareTransfer({ from: to, to: from, amount: 5_000n })).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
    })
    chain.mine()
    expect(await adapter.getBalances(to, [])).toEqual({ native: 30_000n, tokens: [] })
  })

  test('behavior: RBF: a replacement paying more replaces the pending send, whose status turns failed', async () => {
    const from = addressOf(alice, 5)
    const to = addressOf(bob, 5)
    await chain.fund(from, 50_000n)
    const first = await send(alice, 5, to, 10_000n, 1)
    const original = Transaction.fromPSBT(base64.decode((first.prepared.unsigned as { psbt: string }).psbt))
    const bumped = new Transaction({ version: 2 })
    bumped.addInput(original.getInput(0))
    bumped.addOutput(original.getOutput(0))
    bumped.addOutput({ ...original.getOutput(1), amount: original.getOutput(1).amount! - 500n })
    const replacement: PreparedTransfer = {
      ...first.prepared,
      fee: { ...first.prepared.fee, fee: first.prepared.fee.fee + 500n },
      unsigned: { family: 'bitcoin', psbt: base64.encode(bumped.toPSBT()), network: 'regtest' },
    }
    const second = await adapter.broadcast(adapter.signTransfer(alice, replacement, 5))
    expect(second.txId).not.toBe(first.txId)
    expect(await adapter.getTransactionStatus(first.txId)).toEqual({
      state: 'failed',
      error: expect.stringContaining('replaced by another (RBF) or dropped'),
    })
    chain.mine()
    expect(await adapter.getTransactionStatus(second.txId)).toEqual({ state: 'confirmed' })
    expect((await adapter.getHistory(from)).items[0]).toMatchObject({ txId: second.txId, fee: 141n + 500n })
  })

  test('behavior: history pages newest first, 25 a page from Esplora, or `limit` a page', async () => {
    const address = addressOf(bob, 6)
    const funded: string[] = []
    for (let i = 0; i < 28; i++) funded.push((await chain.fund(address, 1_000n + BigInt(i))).txId)
    const newestFirst = [...funded].reverse()

    const first = await adapter.getHistory(address)
    expect(first.items).toHaveLength(25)
    const second = await adapter.getHistory(address, { cursor: first.nextCursor! })
    expect(second.nextCursor).toBeUndefined()
    expect([...first.items, ...second.items].map((i) => i.txId)).toEqual(newestFirst)
    expect(second.items.at(-1)).toMatchObject({ direction: 'in', amount: 1_000n })

    const pages: string[][] = []
    let cursor: string | undefined
    do {
      const page = await adapter.getHistory(address, { limit: 10, ...(cursor ? { cursor } : {}) })
      pages.push(page.items.map((i) => i.txId))
      cursor = page.nextCursor
    } while (cursor)
    expect(pages.map((p) => p.length)).toEqual([10, 10, 8])
    expect(pages.flat()).toEqual(newestFirst)
  })

  test('behavior: every upstream call is in bitcoinUpstream, and every route of it is called', async () => {
    calls.length = 0
    const from = addressOf(alice, 7)
    const to = addressOf(bob, 7)
    await adapter.identify()
    await chain.fund(from, 40_000n)
    await chain.fund(from, 40_000n)
    await adapter.getBalances(from, [])
    await send(alice, 7, to, 5_000n)
    const { txId } = await send(alice, 7, to, 50_000n) // spends the first send's pending change
    await adapter.getTransactionStatus(txId)
    const page = await adapter.getHistory(from, { limit: 1 })
    await adapter.getHistory(from, { cursor: page.nextCursor! })
    chain.mine()

    const allowed = (call: { method: string; path: string }) =>
      bitcoinUpstream.routes.some((r) => r.method === call.method && r.path.test(call.path))
    expect(calls.filter((c) => !allowed(c))).toEqual([])
    const unused = bitcoinUpstream.routes.filter(
      (r) => !calls.some((c) => c.method === r.method && r.path.test(c.path)),
    )
    expect(unused.map((r) => `${r.method} ${r.path}`)).toEqual([])
  })

  test('behavior: the adapter bundles for the browser: nothing it reaches imports a Node built-in', async () => {
    const { build } = await import('esbuild')
    const result = await build({
      entryPoints: [join(import.meta.dirname, 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    })
    expect(result.errors).toEqual([])
    expect(result.outputFiles[0]!.text).toContain('fee-estimates')
  })
})

describe('createBitcoinAdapter errors', () => {
  test('error: tokens are TOKEN_NOT_FOUND; balances list none', async () => {
    await expect(adapter.getToken('anything')).rejects.toMatchObject({
      code: 'TOKEN_NOT_FOUND',
      shortMessage: expect.stringContaining('only bitcoin itself (BTC)'),
    })
    const token = { address: 'x', symbol: 'X', decimals: 8 }
    expect(await adapter.getBalances(addressOf(alice, 8), [token])).toEqual({ native: 0n, tokens: [] })
    await expect(
      adapter.estimateFee({ from: addressOf(alice, 8), to: addressOf(bob, 8), amount: 1_000n, token }),
    ).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' })
  })

  test('error: below the dust limit of the recipient type is DUST_OUTPUT naming the limit', async () => {
    const from = addressOf(alice, 9)
    await expect(
      adapter.prepareTransfer({ from, to: addressOf(bob, 9), amount: 293n }),
    ).rejects.toMatchObject({
      code: 'DUST_OUTPUT',
      shortMessage: expect.stringContaining('Send at least 294 sat'),
    })
    const key = new Uint8Array(33).fill(2)
    key[0] = 0x02
    const taproot = p2tr(key.subarray(1), undefined, BITCOIN_NETWORKS.regtest).address!
    await expect(adapter.prepareTransfer({ from, to: taproot, amount: 329n })).rejects.toMatchObject({
      code: 'DUST_OUTPUT',
      shortMessage: expect.stringContaining('330 sat for this P2TR address'),
    })
    const legacy = p2pkh(key, BITCOIN_NETWORKS.regtest).address!
    await expect(adapter.prepareTransfer({ from, to: legacy, amount: 545n })).rejects.toMatchObject({
      code: 'DUST_OUTPUT',
      shortMessage: expect.stringContaining('546 sat'),
    })
  })

  test('error: INSUFFICIENT_FUNDS when the amount is more than the balance, _FOR_FEE when only the fee is', async () => {
    const from = addressOf(alice, 10)
    await chain.fund(from, 10_000n)
    await expect(
      adapter.prepareTransfer({ from, to: addressOf(bob, 10), amount: 20_000n }),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
    })
    await expect(
      adapter.prepareTransfer({ from, to: addressOf(bob, 10), amount: 9_900n }),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS_FOR_FEE',
      shortMessage: expect.stringContaining('Send at most 9,780 sat'),
    })
  })

  test('error: addresses of another network, a non-P2WPKH sender and a zero amount are named', async () => {
    const from = addressOf(alice, 11)
    const testnet = alice.addresses({ bitcoinNetwork: 'testnet', index: 11 }).bitcoin
    await expect(adapter.prepareTransfer({ from, to: testnet, amount: 1_000n })).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
      shortMessage: `Recipient ${testnet} is a testnet address on regtest: use a regtest address.`,
    })
    const mainnetAdapter = createBitcoinAdapter({ endpoint: chain.endpoint, network: 'mainnet' })
    await expect(mainnetAdapter.getBalances(from, [])).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
      shortMessage: expect.stringContaining('is a regtest address on mainnet'),
    })
    const legacy = p2pkh(new Uint8Array([3, ...new Uint8Array(32).fill(9)]), BITCOIN_NETWORKS.regtest)
      .address!
    await expect(adapter.prepareTransfer({ from: legacy, to: from, amount: 1_000n })).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
      shortMessage: expect.stringContaining('not a native SegWit (P2WPKH) address'),
    })
    await expect(adapter.prepareTransfer({ from, to: addressOf(bob, 11), amount: 0n })).rejects.toMatchObject(
      {
        code: 'INVALID_AMOUNT',
      },
    )
    await expect(
      adapter.prepareTransfer({ from, to: addressOf(bob, 11), amount: 1_000n, feeRate: 0.5 }),
    ).rejects.toMatchObject({ code: 'INVALID_AMOUNT', shortMessage: expect.stringContaining('1 sat/vB') })
  })

  test("error: the node's refusal is TRANSACTION_REJECTED with its words in details", async () => {
    const from = addressOf(alice, 12)
    await chain.fund(from, 20_000n)
    const prepared = await adapter.prepareTransfer({ from, to: addressOf(bob, 12), amount: 5_000n })
    const signed = adapter.signTransfer(alice, prepared, 12)
    const other = await adapter.prepareTransfer({ from, to: from, amount: 6_000n })
    const self = await adapter.broadcast(adapter.signTransfer(alice, other, 12))
    chain.mine()
    expect((await adapter.getHistory(from)).items[0]).toMatchObject({
      txId: self.txId,
      direction: 'self',
      amount: 20_000n - other.fee.fee,
      fee: other.fee.fee,
    })
    await expect(adapter.broadcast(signed)).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
      shortMessage: expect.stringContaining('already spent'),
      details: expect.stringContaining('bad-txns-inputs-missingorspent'),
    })
  })

  test('error: signing with an account that does not own the inputs fails before broadcast', async () => {
    const from = addressOf(alice, 13)
    await chain.fund(from, 20_000n)
    const prepared = await adapter.prepareTransfer({ from, to: addressOf(bob, 13), amount: 5_000n })
    expect(() => adapter.signTransfer(alice, prepared, 14)).toThrow(
      expect.objectContaining({ code: 'NOTHING_TO_SIGN' }),
    )
  })

  test('error: a PSBT changed after review is not signed (recipient, fee)', async () => {
    const from = addressOf(alice, 15)
    await chain.fund(from, 20_000n)
    const prepared = await adapter.prepareTransfer({ from, to: addressOf(bob, 15), amount: 5_000n })
    const tx = Transaction.fromPSBT(base64.decode((prepared.unsigned as { psbt: string }).psbt))
    const redirected = new Transaction({ version: 2 })
    redirected.addInput(tx.getInput(0))
    redirected.addOutput({ script: tx.getOutput(1).script!, amount: 5_000n }) // to the sender, not Bob
    redirected.addOutput(tx.getOutput(1))
    let signed = 0
    const signer = {
      ...alice,
      signBitcoinPsbt: (psbt: Uint8Array, options?: { index?: number; network?: 'regtest' }) => {
        signed++
        return alice.signBitcoinPsbt(psbt, options)
      },
    } as unknown as Vault
    const changed = (psbt: Transaction, fee = prepared.fee): PreparedTransfer => ({
      ...prepared,
      fee,
      unsigned: { family: 'bitcoin', psbt: base64.encode(psbt.toPSBT()), network: 'regtest' },
    })
    expect(() => adapter.signTransfer(signer, changed(redirected), 15)).toThrow(
      /not the recipient and amount/,
    )
    expect(() => adapter.signTransfer(signer, changed(tx, { ...prepared.fee, fee: 1n }), 15)).toThrow(
      /the fee is not the one shown/,
    )
    expect(signed).toBe(0)
    adapter.signTransfer(signer, prepared, 15)
    expect(signed).toBe(1)
  })

  test('error: a fee rate above 10,000 sat/vB is refused as a likely mistake', async () => {
    await expect(
      adapter.estimateFee({
        from: addressOf(alice, 16),
        to: addressOf(bob, 16),
        amount: 1_000n,
        feeRate: 20_000,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_AMOUNT',
      shortMessage: expect.stringContaining('likely mistake'),
    })
  })

  test('error: an endpoint that does not answer is RPC_ERROR', async () => {
    const down = createBitcoinAdapter({ endpoint: 'http://127.0.0.1:9', network: 'regtest' })
    await expect(down.identify()).rejects.toMatchObject({ code: 'RPC_ERROR' })
  })
})
