import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Vault } from '@stratos/keys'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import type {
  ChainAdapter,
  HistoryItem,
  PreparedTransfer,
  TokenRef,
  TransactionSigner,
} from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'
import { createTronAdapter } from './createTronAdapter.js'
import { startTronLocalChain, type TronLocalChain } from './localChain/startTronLocalChain.js'
import { tronUpstream } from './tronUpstream.js'

const TRX = 1_000_000n
// Three people with real @stratos/keys vaults (BIP-39 test mnemonics).
const alice = Vault.fromMnemonic(`${'abandon '.repeat(11)}about`)
const bob = Vault.fromMnemonic('legal winner thank year wave sausage worth useful legal winner thank yellow')
const carol = Vault.fromMnemonic(
  'letter advice cage absurd amount doctor acoustic avoid letter advice cage above',
)
const A = alice.addresses().tron
const B = bob.addresses().tron
const C = carol.addresses().tron

let chain: TronLocalChain
let adapter: ChainAdapter
let usdt: TokenRef
/** Every upstream call the adapter made in this file: method and path. */
const calls: { method: string; path: string }[] = []

beforeAll(async () => {
  chain = await startTronLocalChain({ autoMine: false })
  usdt = chain.tokens[0] as TokenRef
  const recording: typeof fetch = (input, init) => {
    const url = new URL(String(input))
    calls.push({ method: init?.method ?? 'GET', path: url.pathname })
    return fetch(input, init)
  }
  adapter = createTronAdapter({ endpoint: chain.endpoint, fetch: recording })
  await chain.fund(A, 100n * TRX)
  await chain.fund(A, 500_000_000n, usdt.address)
}, 60_000)

afterAll(async () => {
  await chain?.stop()
})

async function sendAndConfirm(signer: TransactionSigner, prepared: PreparedTransfer) {
  const { txId } = await adapter.broadcast(adapter.signTransfer(signer, prepared))
  expect(await adapter.getTransactionStatus(txId)).toEqual({ state: 'pending' })
  await chain.mine()
  expect(await adapter.getTransactionStatus(txId)).toEqual({ state: 'confirmed' })
  return txId
}

describe('createTronAdapter', () => {
  test('behavior: identify answers the genesis block id and the height', async () => {
    const identity = await adapter.identify()
    expect(identity).toEqual({ family: 'tron', id: chain.networkId, height: expect.any(BigInt) })
    expect(identity.height).toBeGreaterThan(0n)
  })

  test('behavior: getToken reads decimals and symbol of the TRC-20', async () => {
    expect(await adapter.getToken(usdt.address)).toEqual({
      address: usdt.address,
      decimals: 6,
      symbol: 'USDT',
    })
  })

  test('error: getToken at an address with no contract is TOKEN_NOT_FOUND', async () => {
    await expect(adapter.getToken(C)).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' })
  })

  test('behavior: balances of TRX and the token', async () => {
    expect(await adapter.getBalances(A, [usdt])).toEqual({
      native: 100n * TRX,
      tokens: [{ token: usdt.address, amount: 500_000_000n }],
    })
    expect(await adapter.getBalances(B, [usdt])).toEqual({
      native: 0n,
      tokens: [{ token: usdt.address, amount: 0n }],
    })
  })

  test('behavior: TRX to a new account shows the activation fee, then activates it', async () => {
    const request = { from: A, to: B, amount: 10n * TRX }
    const estimate = await adapter.estimateFee(request)
    const prepared = await adapter.prepareTransfer(request)
    // 1 TRX (transfer creating an account) + 0.1 TRX (bandwidth of an account creation).
    expect(prepared.fee.fee).toBe(1_100_000n)
    expect(estimate.fee).toBe(prepared.fee.fee)
    expect(prepared.fee.details).toContainEqual({ label: 'Account activation', value: '1.1 TRX' })
    expect(prepared.notes.join(' ')).toMatch(/activates it/)
    await sendAndConfirm(alice, prepared)
    expect((await adapter.getBalances(A, [])).native).toBe(100n * TRX - 10n * TRX - 1_100_000n)
    expect((await adapter.getBalances(B, [])).native).toBe(10n * TRX)
  })

  test('behavior: TRX to an existing account is paid with free bandwidth', async () => {
    const prepared = await adapter.prepareTransfer({ from: B, to: A, amount: 2n * TRX })
    expect(prepared.fee.fee).toBe(0n)
    expect(prepared.fee.details).toContainEqual({
      label: 'Bandwidth paid with',
      value: 'free daily bandwidth',
    })
    await sendAndConfirm(bob, prepared)
    expect((await adapter.getBalances(B, [])).native).toBe(8n * TRX)
  })

  test('behavior: a TRC-20 transfer shows energy, burns TRX for it and moves the token', async () => {
    const before = (await adapter.getBalances(A, [usdt])).native
    const prepared = await adapter.prepareTransfer({ from: A, to: B, amount: 25_000_000n, token: usdt })
    const energy = prepared.fee.details.find((d) => d.label === 'Energy')
    expect(Number(energy?.value.replace(/,/g, ''))).toBeGreaterThan(10_000)
    await sendAndConfirm(alice, prepared)
    const after = await adapter.getBalances(A, [usdt])
    expect(after.tokens[0]?.amount).toBe(475_000_000n)
    expect((await adapter.getBalances(B, [usdt])).tokens[0]?.amount).toBe(25_000_000n)
    const burned = before - after.native
    expect(burned).toBeGreaterThan(0n)
    expect(burned).toBeLessThanOrEqual(prepared.fee.fee)
  })

  test('behavior: history both directions, newest first, paged without gaps or repeats', async () => {
    // Bob sends some USDT back so Alice's history has a token transfer in.
    await sendAndConfirm(
      bob,
      await adapter.prepareTransfer({ from: B, to: A, amount: 5_000_000n, token: usdt }),
    )
    const seen: HistoryItem[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await adapter.getHistory(A, { tokens: [usdt], limit: 2, ...(cursor ? { cursor } : {}) })
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items)
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 20)
    expect(pages).toBeGreaterThan(2)
    expect(new Set(seen.map((i) => `${i.txId}${i.token ?? ''}`)).size).toBe(seen.length)
    const summary = seen.map((i) => [i.direction, i.token ? 'USDT' : 'TRX', i.amount, i.counterparty])
    expect(summary).toEqual([
      ['in', 'USDT', 5_000_000n, B],
      ['out', 'USDT', 25_000_000n, B],
      ['in', 'TRX', 2n * TRX, B],
      ['out', 'TRX', 10n * TRX, B],
      ['in', 'USDT', 500_000_000n, chain.faucetAddress],
      ['in', 'TRX', 100n * TRX, chain.faucetAddress],
    ])
    expect(seen.map((i) => i.time)).toEqual([...seen.map((i) => i.time)].sort((a, b) => (b ?? 0) - (a ?? 0)))
    const sent = seen.filter((i) => i.direction === 'out')
    expect(sent.every((i) => i.state === 'confirmed' && (i.fee ?? 0n) > 0n)).toBe(true)
    // Bob sees the same transfers the other way round.
    const bobs = await adapter.getHistory(B, { tokens: [usdt], limit: 50 })
    expect(bobs.nextCursor).toBeUndefined()
    expect(bobs.items.map((i) => [i.direction, i.amount])).toEqual([
      ['out', 5_000_000n],
      ['in', 25_000_000n],
      ['out', 2n * TRX],
      ['in', 10n * TRX],
    ])
  })

  test('behavior: transfers packed in one block (one time) page one by one without repeats or gaps', async () => {
    const ids: string[] = []
    for (const amount of [1n, 2n, 3n]) {
      const prepared = await adapter.prepareTransfer({ from: A, to: B, amount })
      ids.push((await adapter.broadcast(adapter.signTransfer(alice, prepared))).txId)
    }
    await chain.mine()
    const seen: HistoryItem[] = []
    let cursor: string | undefined
    do {
      const page = await adapter.getHistory(B, { limit: 1, ...(cursor ? { cursor } : {}) })
      seen.push(...page.items)
      cursor = page.nextCursor
    } while (cursor && seen.length < 20)
    expect(
      seen
        .slice(0, 3)
        .map((i) => i.txId)
        .sort(),
    ).toEqual([...ids].sort())
    expect(new Set(seen.slice(0, 3).map((i) => i.time)).size).toBe(1)
    // Then Bob's two earlier TRX transfers; his USDT send is not a TRX movement.
    expect(seen.slice(3).map((i) => [i.direction, i.amount])).toEqual([
      ['out', 2n * TRX],
      ['in', 10n * TRX],
    ])
  })

  test('error: an account never activated cannot send (ACCOUNT_NOT_ACTIVATED)', async () => {
    const error = await adapter.prepareTransfer({ from: C, to: A, amount: TRX }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainsError)
    expect(error).toMatchObject({
      code: 'ACCOUNT_NOT_ACTIVATED',
      shortMessage: expect.stringMatching(/receive.*TRX/i),
    })
  })

  test('behavior: a TRC-20 to an account that is not activated goes through with a note', async () => {
    const prepared = await adapter.prepareTransfer({ from: A, to: C, amount: 1_000_000n, token: usdt })
    expect(prepared.notes.join(' ')).toMatch(/not activated.*needs TRX/)
  })

  test('error: more TRX than the balance is INSUFFICIENT_FUNDS', async () => {
    await expect(adapter.prepareTransfer({ from: B, to: A, amount: 9n * TRX })).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
    })
    await expect(
      adapter.prepareTransfer({ from: B, to: A, amount: 21_000_000n, token: usdt }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS', shortMessage: expect.stringContaining('USDT') })
  })

  test('error: the balance covers the amount but not the fee (INSUFFICIENT_FUNDS_FOR_FEE)', async () => {
    // All of Bob's TRX to a new account: the 1.1 TRX activation does not fit.
    const { native } = await adapter.getBalances(B, [])
    await expect(adapter.prepareTransfer({ from: B, to: C, amount: native })).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS_FOR_FEE',
      shortMessage: expect.stringMatching(/fee/),
    })
    // USDT needs energy burned in TRX: with 0.5 TRX there is not enough.
    await chain.fund(C, 500_000n)
    await chain.fund(C, 1_000_000n, usdt.address)
    await expect(
      adapter.prepareTransfer({ from: C, to: A, amount: 1_000_000n, token: usdt }),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS_FOR_FEE',
      shortMessage: expect.stringMatching(/energy/),
    })
  })

  test('error: an address that is not TRON is INVALID_ADDRESS', async () => {
    await expect(
      adapter.prepareTransfer({ from: A, to: '0x0000000000000000000000000000000000000001', amount: TRX }),
    ).rejects.toMatchObject({ code: 'INVALID_ADDRESS', shortMessage: expect.stringContaining('recipient') })
  })

  test('error: a node that builds another transfer than asked is refused before signing', async () => {
    // A lying node: it builds the transfer to the attacker's address instead of the one asked.
    const lying: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/wallet/createtransaction') && typeof init?.body === 'string') {
        const body = JSON.parse(init.body) as Record<string, unknown>
        return fetch(input, { ...init, body: JSON.stringify({ ...body, to_address: C }) })
      }
      if (String(input).endsWith('/wallet/triggersmartcontract') && typeof init?.body === 'string') {
        const body = JSON.parse(init.body) as Record<string, unknown>
        return fetch(input, { ...init, body: JSON.stringify({ ...body, fee_limit: 15_000_000_000 }) })
      }
      return fetch(input, init)
    }
    const lied = createTronAdapter({ endpoint: chain.endpoint, fetch: lying })
    await expect(lied.prepareTransfer({ from: A, to: B, amount: TRX })).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
      details: expect.stringContaining('recipient'),
    })
    await expect(lied.prepareTransfer({ from: A, to: B, amount: TRX, token: usdt })).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
      details: expect.stringContaining('fee_limit'),
    })
  })

  test('error: a prepared transfer whose bytes were swapped is not signed', async () => {
    const honest = await adapter.prepareTransfer({ from: A, to: B, amount: TRX })
    const other = await adapter.prepareTransfer({ from: A, to: C, amount: TRX })
    const swapped = { ...honest, unsigned: other.unsigned }
    const signer = { signTronTransaction: vi.fn(() => '00') } as unknown as TransactionSigner
    expect(() => adapter.signTransfer(signer, swapped)).toThrow(
      expect.objectContaining({ code: 'TRANSACTION_REJECTED' }),
    )
    // A TRC-20 whose fee limit is higher than the one the review showed.
    const token = await adapter.prepareTransfer({ from: A, to: B, amount: 1n, token: usdt })
    const shownLower = {
      ...token,
      fee: {
        ...token.fee,
        details: token.fee.details.map((d) => (d.label === 'Fee limit' ? { ...d, value: '1 TRX' } : d)),
      },
    }
    expect(() => adapter.signTransfer(signer, shownLower)).toThrow(/fee_limit/)
    expect(signer.signTronTransaction).not.toHaveBeenCalled()
    expect(adapter.signTransfer(alice, token)).toMatchObject({
      family: 'tron',
      transaction: { signature: [expect.any(String)] },
    })
  })

  test('error: a signature by another key is refused by the network (TRANSACTION_REJECTED)', async () => {
    const prepared = await adapter.prepareTransfer({ from: A, to: B, amount: TRX })
    await expect(adapter.broadcast(adapter.signTransfer(bob, prepared))).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
      details: expect.stringMatching(/^SIGERROR/),
    })
  })

  test('behavior: a TRC-20 that ran out of energy is failed, with the reason', async () => {
    // Built straight on the node with a fee limit far below the energy needed.
    const built = (await (
      await fetch(`${chain.endpoint}/wallet/triggersmartcontract`, {
        method: 'POST',
        body: JSON.stringify({
          owner_address: A,
          contract_address: usdt.address,
          function_selector: 'transfer(address,uint256)',
          parameter: `${'0'.repeat(64)}${'0'.repeat(63)}1`,
          fee_limit: 1_000,
          visible: true,
        }),
      })
    ).json()) as { transaction: { txID: string; raw_data: unknown; raw_data_hex: string } }
    const tx = built.transaction
    const { txId } = await adapter.broadcast({
      family: 'tron',
      transaction: { ...tx, signature: [alice.signTronTransaction(tx.raw_data_hex)] },
    })
    await chain.mine()
    expect(await adapter.getTransactionStatus(txId)).toEqual({
      state: 'failed',
      error: expect.stringMatching(/ran out of energy/),
    })
  })

  test('error: a node that does not answer is RPC_ERROR', async () => {
    const closed = createTronAdapter({ endpoint: 'http://127.0.0.1:9' })
    await expect(closed.identify()).rejects.toMatchObject({ code: 'RPC_ERROR' })
  })

  test('behavior: the adapter modules import no Node built-in (the browser runs them)', () => {
    const dir = dirname(fileURLToPath(import.meta.url))
    const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    expect(modules).toContain('createTronAdapter.ts')
    for (const file of modules) expect(readFileSync(join(dir, file), 'utf8')).not.toMatch(/from 'node:/)
  })

  test('behavior: the adapter calls only what tronUpstream lists, and all of it', () => {
    expect(calls.length).toBeGreaterThan(0)
    const allowed = (c: { method: string; path: string }) =>
      tronUpstream.routes.some((r) => r.method === c.method && r.path.test(c.path))
    expect(calls.filter((c) => !allowed(c))).toEqual([])
    const unused = tronUpstream.routes.filter(
      (r) => !calls.some((c) => c.method === r.method && r.path.test(c.path)),
    )
    expect(unused).toEqual([])
  })
})
