import { testERC20Abi } from '@stratos/chains/evm-local'
import { encodeFunctionData, erc20Abi, parseEther } from 'viem'
import { describe, expect, test } from 'vitest'
import { type EvmRequest, EvmRpcError } from './evmRequest'
import { simulateEvmTransaction } from './simulateEvmTransaction'
import { dockTestChain, revertingContractCode } from './testing/dockTestChain'

const t = dockTestChain()
const OTHER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

describe('simulateEvmTransaction (anvil)', () => {
  test("behavior: a native transfer shows the sender's loss from the pseudo-log", async () => {
    const outcome = await simulateEvmTransaction({
      request: t.request(),
      tx: { from: t.address, to: OTHER, value: parseEther('0.1') },
      tokens: [],
    })
    expect(outcome).toMatchObject({
      kind: 'simulated',
      changes: [{ token: null, delta: -parseEther('0.1') }],
    })
  })

  test('behavior: an ERC-20 transfer shows the token moving out, with its symbol', async () => {
    const token = t.chain().tokens[0]!
    await t.chain().fund(t.address, 5_000_000n, token.address)
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [OTHER, 2_000_000n] })
    const outcome = await simulateEvmTransaction({
      request: t.request(),
      tx: { from: t.address, to: token.address as `0x${string}`, value: 0n, data },
      tokens: [],
    })
    expect(outcome).toMatchObject({
      kind: 'simulated',
      changes: [{ token: { symbol: 'tUSDC', decimals: 6 }, delta: -2_000_000n }],
    })
  })

  test("behavior: tokens the call gives the user show as a gain (TestERC20's open mint)", async () => {
    const token = t.chain().tokens[0]!
    const data = encodeFunctionData({ abi: testERC20Abi, functionName: 'mint', args: [t.address, 42n] })
    const outcome = await simulateEvmTransaction({
      request: t.request(),
      tx: { from: t.address, to: token.address as `0x${string}`, value: 0n, data },
      tokens: [{ address: token.address, symbol: 'tUSDC', decimals: 6 }],
    })
    expect(outcome).toMatchObject({
      kind: 'simulated',
      changes: [{ token: { symbol: 'tUSDC', listed: true }, delta: 42n }],
    })
  })

  test('error: a call that reverts with Error(string) shows the reason', async () => {
    const { contractAddress } = await t.send({
      from: t.chain().faucet,
      data: revertingContractCode('vault is paused'),
    })
    const outcome = await simulateEvmTransaction({
      request: t.request(),
      tx: { from: t.address, to: contractAddress as `0x${string}`, value: 0n, data: '0x12345678' },
      tokens: [],
    })
    expect(outcome).toMatchObject({ kind: 'would-fail', reason: 'vault is paused' })
  })

  test('error: an ERC-20 transfer over the balance shows the token error in words', async () => {
    const token = t.chain().tokens[0]!
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [t.address, 1n] })
    const outcome = await simulateEvmTransaction({
      request: t.request(),
      tx: { from: OTHER as `0x${string}`, to: token.address as `0x${string}`, value: 0n, data },
      tokens: [],
    })
    expect(outcome.kind).toBe('would-fail')
    expect(outcome.kind === 'would-fail' && outcome.reason).toMatch(
      /token balance \(0 base units\) is less than the amount \(1\)/,
    )
  })

  test('behavior: a node without eth_simulateV1 (stub refusing only that method) falls back to eth_call', async () => {
    const withoutSimulation: EvmRequest = (method, params) =>
      method === 'eth_simulateV1'
        ? Promise.reject(new EvmRpcError(-32601, 'the method eth_simulateV1 does not exist/is not available'))
        : t.request()(method, params)
    const fine = await simulateEvmTransaction({
      request: withoutSimulation,
      tx: { from: t.address, to: OTHER, value: 1n },
      tokens: [],
    })
    expect(fine).toEqual({ kind: 'call-only' })
    const { contractAddress } = await t.send({ from: t.chain().faucet, data: revertingContractCode('nope') })
    const reverts = await simulateEvmTransaction({
      request: withoutSimulation,
      tx: { from: t.address, to: contractAddress as `0x${string}`, value: 0n },
      tokens: [],
    })
    expect(reverts).toEqual({ kind: 'would-fail', reason: 'nope' })
  })
})
