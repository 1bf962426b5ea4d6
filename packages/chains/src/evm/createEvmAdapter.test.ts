import { Vault } from '@stratos/keys'
import { type Hex, parseEther, parseTransaction, serializeTransaction } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ChainAdapter, HistoryItem, PreparedTransfer, TokenRef } from '../ChainAdapter.js'
import { createEvmAdapter } from './createEvmAdapter.js'
import { evmUpstream } from './evmUpstream.js'
import { type EvmLocalChain, startEvmLocalChain } from './localChain/startEvmLocalChain.js'

const vault = Vault.fromMnemonic(`${'abandon '.repeat(11)}about`)
const alice = vault.addresses({ index: 0 }).evm
const bob = vault.addresses({ index: 1 }).evm
/** Holds tokens but no ETH. */
const carol = vault.addresses({ index: 2 }).evm

/** Every JSON-RPC method the adapters of this file sent, and how many HTTP requests they made. */
const methodsCalled = new Set<string>()
let httpRequests = 0
const recordingFetch: typeof fetch = async (input, init) => {
  httpRequests++
  const body = JSON.parse(String(init?.body)) as { method: string } | { method: string }[]
  for (const request of Array.isArray(body) ? body : [body]) methodsCalled.add(request.method)
  return fetch(input, init)
}

let chainA: EvmLocalChain
let chainB: EvmLocalChain
let a: ChainAdapter
let b: ChainAdapter
let usdc: TokenRef

beforeAll(async () => {
  ;[chainA, chainB] = await Promise.all([startEvmLocalChain(), startEvmLocalChain({ chainId: 31338 })])
  a = createEvmAdapter({ endpoint: chainA.endpoint, chainId: 31337, fetch: recordingFetch })
  b = createEvmAdapter({ endpoint: chainB.endpoint, chainId: 31338, fetch: recordingFetch })
  usdc = chainA.tokens[0] as TokenRef
  await chainA.fund(alice, parseEther('10'))
  await chainA.fund(alice, 1_000_000_000n, usdc.address)
  await chainA.fund(carol, 5_000_000n, usdc.address)
  await chainB.fund(alice, parseEther('3'))
}, 60_000)

afterAll(async () => {
  await Promise.all([chainA?.stop(), chainB?.stop()])
})

/** Prepares, signs with the vault, broadcasts, and follows the status until it is not pending. */
async function send(adapter: ChainAdapter, prepared: PreparedTransfer, index = 0) {
  const signed = adapter.signTransfer(vault, prepared, index)
  const { txId } = await adapter.broadcast(signed)
  let status = await adapter.getTransactionStatus(txId)
  while (status.state === 'pending') status = await adapter.getTransactionStatus(txId)
  return { txId, status }
}

async function rpc(endpoint: string, method: string, params: unknown[]) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await response.json()) as { result: unknown }).result
}

describe('createEvmAdapter', () => {
  test('behavior: identify reports the chain id and height of each chain', async () => {
    expect(await a.identify()).toMatchObject({ family: 'evm', id: '31337' })
    expect(await b.identify()).toMatchObject({ family: 'evm', id: '31338' })
    expect((await a.identify()).height).toBeGreaterThan(0n)
  })

  test('behavior: getToken reads decimals and symbol of the ERC-20', async () => {
    expect(await a.getToken(usdc.address.toLowerCase())).toEqual({
      address: usdc.address,
      decimals: 6,
      symbol: 'tUSDC',
    })
  })

  test('error: getToken of an account or of a contract without decimals is TOKEN_NOT_FOUND', async () => {
    await expect(a.getToken(bob)).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND', message: /no contract/ })
    const notAToken = '0x000000000000000000000000000000000000c0de'
    await rpc(chainA.endpoint, 'anvil_setCode', [notAToken, '0x00']) // a contract that only STOPs
    await expect(a.getToken(notAToken)).rejects.toMatchObject({
      code: 'TOKEN_NOT_FOUND',
      message: /not an ERC-20/,
    })
    await expect(a.getToken('0x1234')).rejects.toMatchObject({ code: 'INVALID_ADDRESS' })
  })

  test('behavior: getBalances reads the native coin and every token in one HTTP request', async () => {
    const before = httpRequests
    const balances = await a.getBalances(alice, [usdc, usdc])
    expect(httpRequests - before).toBe(1)
    expect(balances).toEqual({
      native: parseEther('10'),
      tokens: [
        { token: usdc.address, amount: 1_000_000_000n },
        { token: usdc.address, amount: 1_000_000_000n },
      ],
    })
    expect(await a.getBalances(bob, [])).toEqual({ native: 0n, tokens: [] })
  })

  test('error: a balance of a token that is not there is TOKEN_NOT_FOUND', async () => {
    await expect(a.getBalances(alice, [{ address: bob, symbol: 'NOPE', decimals: 6 }])).rejects.toMatchObject(
      {
        code: 'TOKEN_NOT_FOUND',
      },
    )
  })

  test('behavior: status is pending until the transaction is mined, then confirmed', async () => {
    const prepared = await b.prepareTransfer({ from: alice, to: bob, amount: 5n })
    await rpc(chainB.endpoint, 'evm_setAutomine', [false])
    try {
      const { txId } = await b.broadcast(b.signTransfer(vault, prepared))
      expect(await b.getTransactionStatus(txId)).toEqual({ state: 'pending' })
      await rpc(chainB.endpoint, 'evm_mine', [])
      expect(await b.getTransactionStatus(txId)).toEqual({ state: 'confirmed' })
    } finally {
      await rpc(chainB.endpoint, 'evm_setAutomine', [true])
    }
  })

  test('behavior: estimateFee is gas limit times max fee per gas, with both shown', async () => {
    const native = await a.estimateFee({ from: alice, to: bob, amount: 1n })
    const [gas, maxFee, tip] = native.details
    expect(gas).toEqual({ label: 'Gas limit', value: '21,000' })
    expect(maxFee?.label).toBe('Max fee per gas')
    expect(maxFee?.value).toMatch(/^\d+(\.\d+)? gwei$/)
    expect(tip?.label).toBe('Priority fee per gas')
    const token = await a.estimateFee({ from: alice, to: bob, amount: 1n, token: usdc })
    expect(token.fee).toBeGreaterThan(native.fee)
    expect(token.details[0]?.value).not.toBe('21,000')
  })

  test('behavior: a native transfer signed by a @stratos/keys Vault is mined; balances move by amount and fee', async () => {
    const amount = parseEther('1.5')
    const prepared = await a.prepareTransfer({ from: alice, to: bob, amount })
    expect(prepared.unsigned).toMatchObject({
      family: 'evm',
      transaction: { chainId: 31337, to: bob, value: amount, gas: 21_000n },
    })
    expect(prepared.fee.fee).toBe(
      21_000n * (prepared.unsigned.family === 'evm' ? prepared.unsigned.transaction.maxFeePerGas : 0n),
    )
    const before = await a.getBalances(alice, [])
    const { txId, status } = await send(a, prepared)
    expect(status).toEqual({ state: 'confirmed' })
    const receipt = (await rpc(chainA.endpoint, 'eth_getTransactionReceipt', [txId])) as Record<string, Hex>
    const paid = BigInt(receipt.gasUsed as Hex) * BigInt(receipt.effectiveGasPrice as Hex)
    expect(paid).toBeLessThanOrEqual(prepared.fee.fee)
    expect((await a.getBalances(bob, [])).native).toBe(amount)
    expect((await a.getBalances(alice, [])).native).toBe(before.native - amount - paid)
  })

  test('behavior: an ERC-20 transfer is mined; token balances move, ETH pays the fee', async () => {
    const prepared = await a.prepareTransfer({ from: alice, to: bob, amount: 250_000_000n, token: usdc })
    expect(prepared.notes).toContain('The network fee is paid in ETH, not in tUSDC.')
    expect(prepared.unsigned).toMatchObject({ transaction: { to: usdc.address, value: 0n } })
    const { status } = await send(a, prepared)
    expect(status.state).toBe('confirmed')
    expect((await a.getBalances(bob, [usdc])).tokens[0]?.amount).toBe(250_000_000n)
    expect((await a.getBalances(alice, [usdc])).tokens[0]?.amount).toBe(750_000_000n)
  })

  test('error: a tampered signature is refused by the node (TRANSACTION_REJECTED), nothing moves', async () => {
    const prepared = await a.prepareTransfer({ from: alice, to: bob, amount: 7n })
    const signed = a.signTransfer(vault, prepared)
    if (signed.family !== 'evm') throw new Error('not evm')
    const parsed = parseTransaction(signed.raw)
    // The same transaction with another `s`: it recovers to some other, unfunded account.
    const tampered = serializeTransaction(parsed, {
      r: parsed.r as Hex,
      s: `0x${((BigInt(parsed.s as Hex) + 1n) % 2n ** 255n).toString(16).padStart(64, '0')}`,
      yParity: parsed.yParity as number,
    })
    const bobBefore = (await a.getBalances(bob, [])).native
    await expect(a.broadcast({ family: 'evm', raw: tampered })).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
      message: /refused the transaction: .+/,
    })
    expect((await a.getBalances(bob, [])).native).toBe(bobBefore)
    // The untampered one is accepted.
    expect((await a.broadcast(signed)).txId).toMatch(/^0x[0-9a-f]{64}$/)
  })

  test('error: signed with another account index than the sender’s, it is not sent', async () => {
    const prepared = await a.prepareTransfer({ from: alice, to: bob, amount: 3n })
    await expect(a.broadcast(a.signTransfer(vault, prepared, 1))).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
      message: `The transaction was signed by ${bob}, not by the sending account ${alice}: it was not sent.`,
    })
  })

  test('error: more than the balance is INSUFFICIENT_FUNDS, for ETH and for the token', async () => {
    await expect(
      a.prepareTransfer({ from: alice, to: bob, amount: parseEther('100') }),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      message: /more than the balance \(8\.\d+ ETH\)/,
    })
    await expect(
      a.prepareTransfer({ from: alice, to: bob, amount: 10n ** 12n, token: usdc }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS', message: /tUSDC balance \(750 tUSDC\)/ })
  })

  test('error: the whole ETH balance, or a token transfer with no ETH, is INSUFFICIENT_FUNDS_FOR_FEE', async () => {
    const { native } = await a.getBalances(alice, [])
    await expect(a.prepareTransfer({ from: alice, to: bob, amount: native })).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS_FOR_FEE',
      message: /plus the network fee/,
    })
    await expect(
      a.prepareTransfer({ from: carol, to: bob, amount: 1_000_000n, token: usdc }),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS_FOR_FEE',
      message: /Sending tUSDC costs a network fee of up to .+ ETH, paid in ETH; the account holds 0 ETH/,
    })
    // Only the fee is missing: the estimate alone still works.
    expect(
      (await a.estimateFee({ from: carol, to: bob, amount: 1_000_000n, token: usdc })).fee,
    ).toBeGreaterThan(0n)
  })

  test('error: a bad recipient, a wrong checksum, or a zero amount is refused before signing', async () => {
    await expect(a.prepareTransfer({ from: alice, to: '0xnope', amount: 1n })).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
      message: /The recipient is not an EVM address/,
    })
    const badChecksum = bob.replace(/[a-f]/, (c) => c.toUpperCase())
    await expect(a.prepareTransfer({ from: alice, to: badChecksum, amount: 1n })).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
      message: /checksum/,
    })
    await expect(a.prepareTransfer({ from: alice, to: bob, amount: 0n })).rejects.toMatchObject({
      code: 'INVALID_AMOUNT',
    })
    await expect(a.getBalances('0x12', [])).rejects.toMatchObject({ code: 'INVALID_ADDRESS' })
  })

  test('error: a token transfer the contract refuses in estimateGas is TRANSACTION_REVERTED', async () => {
    const zero = '0x0000000000000000000000000000000000000000'
    await expect(a.prepareTransfer({ from: alice, to: zero, amount: 1n, token: usdc })).rejects.toMatchObject(
      {
        code: 'TRANSACTION_REVERTED',
        message:
          /The tUSDC token contract refused the transfer: the token does not accept 0x0{40} as a recipient/,
      },
    )
  })

  test('behavior: a transfer mined but reverted reads as failed, with the contract’s reason', async () => {
    const all = (await a.getBalances(carol, [usdc])).tokens[0]?.amount as bigint
    await chainA.fund(carol, parseEther('1'))
    const first = await a.prepareTransfer({ from: carol, to: bob, amount: all, token: usdc })
    if (first.unsigned.family !== 'evm') throw new Error('not evm')
    // The same transfer again, next nonce: its gas limit holds, the balance no longer does.
    const second: PreparedTransfer = {
      ...first,
      unsigned: {
        family: 'evm',
        transaction: { ...first.unsigned.transaction, nonce: first.unsigned.transaction.nonce + 1 },
      },
    }
    expect((await send(a, first, 2)).status.state).toBe('confirmed')
    const { status } = await send(a, second, 2)
    expect(status).toEqual({
      state: 'failed',
      error: `The transaction failed: the contract refused it (the token balance (0 base units) is less than the amount (${all})). The network fee was still paid.`,
    })
  })

  test('behavior: history lists native and token transfers both ways, newest first, with fees', async () => {
    const out = await a.getHistory(alice, { tokens: [usdc] })
    expect(out.nextCursor).toBeUndefined()
    expect(out.nativeHistoryUnavailable).toBeUndefined()
    const sent = out.items.filter((i) => i.counterparty === bob)
    expect(sent.map((i) => [i.direction, i.token, i.amount])).toEqual([
      ['out', undefined, 7n],
      ['out', usdc.address, 250_000_000n],
      ['out', undefined, parseEther('1.5')],
    ])
    for (const item of sent) {
      expect(item.fee).toBeGreaterThan(0n)
      expect(item.time).toBeGreaterThan(1_600_000_000)
      expect(item.state).toBe('confirmed')
    }
    // Funded by the faucet: ETH and a mint (from the zero address).
    expect(out.items.filter((i) => i.direction === 'in').map((i) => [i.token, i.amount])).toEqual([
      [usdc.address, 1_000_000_000n],
      [undefined, parseEther('10')],
    ])

    const received = await a.getHistory(bob, { tokens: [usdc] })
    expect(
      received.items
        .filter((i) => i.counterparty === alice)
        .map((i) => [i.direction, i.token, i.amount, i.fee]),
    ).toEqual([
      ['in', undefined, 7n, undefined],
      ['in', usdc.address, 250_000_000n, undefined],
      ['in', undefined, parseEther('1.5'), undefined],
    ])
    expect(received.items.find((i) => i.counterparty === carol)).toMatchObject({
      direction: 'in',
      token: usdc.address,
    })
  })

  test('behavior: history pages (limit 1) add up to the whole history, each item once', async () => {
    const whole = await a.getHistory(alice, { tokens: [usdc] })
    const paged: HistoryItem[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await a.getHistory(alice, { tokens: [usdc], limit: 1, ...(cursor ? { cursor } : {}) })
      paged.push(...page.items)
      cursor = page.nextCursor
      pages++
    } while (cursor !== undefined)
    expect(pages).toBeGreaterThanOrEqual(whole.items.length)
    expect(paged).toEqual(whole.items)
  })

  test('behavior: a provider capping eth_getLogs at 2 blocks gets halved ranges, and the same history', async () => {
    let refused = 0
    // anvil behind a stub of a provider's cap, answering as Alchemy's free plan does.
    const capped: typeof fetch = async (input, init) => {
      const body = JSON.parse(String(init?.body)) as {
        id: number
        method: string
        params: { fromBlock: Hex; toBlock: Hex }[]
      }[]
      const requests = Array.isArray(body) ? body : [body]
      const tooWide = requests.find(
        (r) =>
          r.method === 'eth_getLogs' &&
          BigInt(r.params[0]?.toBlock ?? 0) - BigInt(r.params[0]?.fromBlock ?? 0) >= 2n,
      )
      if (!tooWide) return recordingFetch(input, init)
      refused++
      const error = {
        code: -32600,
        message: 'Under the Free tier plan, you can make eth_getLogs requests with up to a 2 block range.',
      }
      return new Response(JSON.stringify(requests.map((r) => ({ jsonrpc: '2.0', id: r.id, error }))))
    }
    const provider = createEvmAdapter({ endpoint: chainA.endpoint, chainId: 31337, fetch: capped })
    const whole = await a.getHistory(alice, { tokens: [usdc], limit: 100 })
    const items: HistoryItem[] = []
    let cursor: string | undefined
    do {
      const page = await provider.getHistory(alice, {
        tokens: [usdc],
        limit: 100,
        ...(cursor ? { cursor } : {}),
      })
      items.push(...page.items)
      cursor = page.nextCursor
    } while (cursor !== undefined)
    expect(refused).toBeGreaterThan(0)
    expect(items).toEqual(whole.items)
  })

  test('error: a cursor the adapter did not hand out is INVALID_CURSOR', async () => {
    await expect(a.getHistory(alice, { cursor: 'x' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' })
  })

  test('error: a transaction for chain 31337 is refused on chain 31338, by the adapter and by the node', async () => {
    const prepared = await a.prepareTransfer({ from: alice, to: bob, amount: 1n })
    expect(() => b.signTransfer(vault, prepared)).toThrow(expect.objectContaining({ code: 'WRONG_NETWORK' }))
    const signed = a.signTransfer(vault, prepared)
    await expect(b.broadcast(signed)).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
      message: /chain/i,
    })
    const misconfigured = createEvmAdapter({ endpoint: chainB.endpoint, chainId: 31337 })
    await expect(misconfigured.prepareTransfer({ from: alice, to: bob, amount: 1n })).rejects.toMatchObject({
      code: 'WRONG_NETWORK',
      message: 'The endpoint serves chain 31338, not the configured chain 31337.',
    })
  })

  test('behavior: every JSON-RPC method the adapter called is in evmUpstream (checked last)', () => {
    const allowed: readonly string[] = evmUpstream.methods
    expect([...methodsCalled].filter((m) => !allowed.includes(m))).toEqual([])
    // The tests above reach every listed method; none is listed for nothing.
    expect(allowed.filter((m) => !methodsCalled.has(m))).toEqual([])
  })
})
