import { EVM_FAUCET_ADDRESS } from '@stratos/chains/evm-local'
import { encodeFunctionData, erc20Abi, maxUint256 } from 'viem'
import { describe, expect, test } from 'vitest'
import { decodeEvmCall } from './decodeEvmCall'
import { dockTestChain } from './testing/dockTestChain'

const t = dockTestChain()
const SPENDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

function tusdc() {
  const token = t.chain().tokens[0]!
  return { ...token, address: token.address as `0x${string}` }
}

describe('decodeEvmCall (anvil)', () => {
  test('behavior: a plain value transfer has no call', async () => {
    expect(await decodeEvmCall({ request: t.request(), to: SPENDER, data: undefined, tokens: [] })).toEqual({
      kind: 'none',
    })
  })

  test('behavior: ERC-20 transfer of a listed token, with its listed symbol and decimals', async () => {
    const token = tusdc()
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [SPENDER, 1_500_000n] })
    const call = await decodeEvmCall({
      request: t.request(),
      to: token.address,
      data,
      tokens: [{ address: token.address, symbol: 'USDC (listed)', decimals: 6 }],
    })
    expect(call).toMatchObject({
      kind: 'erc20-transfer',
      to: SPENDER,
      amount: 1_500_000n,
      token: { symbol: 'USDC (listed)', decimals: 6, listed: true },
    })
  })

  test('behavior: an unlisted token is named by what it answers on chain', async () => {
    const token = tusdc()
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [SPENDER, 5n] })
    const call = await decodeEvmCall({ request: t.request(), to: token.address, data, tokens: [] })
    expect(call).toMatchObject({
      kind: 'erc20-approve',
      spender: SPENDER,
      amount: 5n,
      unlimited: false,
      token: { symbol: 'tUSDC', decimals: 6, listed: false },
    })
  })

  test('behavior: an approval of max uint256, or of 2^255, is unlimited; one below is not', async () => {
    const token = tusdc()
    for (const [amount, unlimited] of [
      [maxUint256, true],
      [2n ** 255n, true],
      [2n ** 255n - 1n, false],
    ] as const) {
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [SPENDER, amount] })
      const call = await decodeEvmCall({ request: t.request(), to: token.address, data, tokens: [] })
      expect(call).toMatchObject({ kind: 'erc20-approve', unlimited })
    }
  })

  test('behavior: transferFrom names both accounts', async () => {
    const token = tusdc()
    const data = encodeFunctionData({
      abi: erc20Abi,
      functionName: 'transferFrom',
      args: [EVM_FAUCET_ADDRESS, SPENDER, 7n],
    })
    const call = await decodeEvmCall({ request: t.request(), to: token.address, data, tokens: [] })
    expect(call).toMatchObject({
      kind: 'erc20-transferFrom',
      from: EVM_FAUCET_ADDRESS,
      to: SPENDER,
      amount: 7n,
    })
  })

  test('behavior: another ERC-20 function of a listed token is decoded by the ABI', async () => {
    const token = tusdc()
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [SPENDER] })
    const call = await decodeEvmCall({
      request: t.request(),
      to: token.address,
      data,
      tokens: [{ address: token.address, symbol: 'tUSDC', decimals: 6 }],
    })
    expect(call).toEqual({
      kind: 'contract-call',
      contract: { address: token.address, symbol: 'tUSDC', decimals: 6, listed: true },
      functionName: 'balanceOf',
      args: [{ name: 'account', type: 'address', value: SPENDER }],
    })
  })

  test('error: an unknown selector on an unknown contract is shown raw', async () => {
    const call = await decodeEvmCall({
      request: t.request(),
      to: SPENDER,
      data: '0xdeadbeef0001',
      tokens: [],
    })
    expect(call).toEqual({ kind: 'unknown-call', selector: '0xdeadbeef' })
  })

  test('error: the transfer selector with data that does not decode is shown raw', async () => {
    const call = await decodeEvmCall({ request: t.request(), to: SPENDER, data: '0xa9059cbb00', tokens: [] })
    expect(call).toEqual({ kind: 'unknown-call', selector: '0xa9059cbb' })
  })
})
