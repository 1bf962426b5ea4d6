import { encodeAdapterCall } from '@stratos/contracts'
import type { DefiIntentItem, DefiVault } from '@stratos/schemas'
import { maxUint256 } from 'viem'
import { describe, expect, test } from 'vitest'
import { describeIntentAmount, describeRequest, shortHex } from './describeDefi'

const USDC = `0x${'11'.repeat(20)}` as const
const WETH = `0x${'22'.repeat(20)}` as const
const vault = {
  assets: [
    { symbol: 'tUSDC', address: USDC, decimals: 6, balance: '1000' },
    { symbol: 'tWETH', address: WETH, decimals: 18, balance: '1' },
  ],
} as DefiVault

const item = (fields: Partial<DefiIntentItem>): DefiIntentItem => ({
  intentId: `0x${'ab'.repeat(32)}`,
  contractId: null,
  status: 'executed',
  action: null,
  adapter: `0x${'01'.repeat(20)}`,
  callData: '0x',
  deadline: null,
  txHash: null,
  reason: null,
  ...fields,
})

describe('describeIntentAmount', () => {
  test('behavior: amounts read from the call data, with the vault’s symbols', () => {
    const supply = encodeAdapterCall({ action: 'aaveV3.supply', asset: USDC, amount: 100_000_000n })
    expect(describeIntentAmount(item({ action: 'aaveV3.supply', callData: supply }), vault)).toBe('100 tUSDC')
    const swap = encodeAdapterCall({
      action: 'uniswapV3.swapExactInputSingle',
      tokenIn: USDC,
      tokenOut: WETH,
      fee: 3000,
      amountIn: 10_000_000n,
      amountOutMinimum: 5n * 10n ** 15n,
    })
    expect(
      describeIntentAmount(item({ action: 'uniswapV3.swapExactInputSingle', callData: swap }), vault),
    ).toBe('10 tUSDC for at least 0.005 tWETH')
    const all = encodeAdapterCall({ action: 'aaveV3.withdraw', asset: USDC, amount: maxUint256 })
    expect(describeIntentAmount(item({ action: 'aaveV3.withdraw', callData: all }), vault)).toBe('all tUSDC')
  })

  test('behavior: a token the vault does not list is shown by address; undecodable call data by nothing', () => {
    const other = `0x${'99'.repeat(20)}` as const
    const supply = encodeAdapterCall({ action: 'aaveV3.supply', asset: other, amount: 5n })
    expect(describeIntentAmount(item({ action: 'aaveV3.supply', callData: supply }), vault)).toBe(
      `5 units of ${shortHex(other)}`,
    )
    expect(describeIntentAmount(item({ action: 'aaveV3.supply', callData: '0xdeadbeef' }), vault)).toBeNull()
    expect(describeIntentAmount(item({ action: null, callData: supply }), vault)).toBeNull()
  })
})

describe('describeRequest', () => {
  test('behavior: what the review shows for each kind of request', () => {
    expect(describeRequest({ action: 'aaveV3.supply', asset: 'tUSDC', amount: '100' })).toEqual([
      { label: 'Amount', value: '100 tUSDC' },
    ])
    expect(
      describeRequest({
        action: 'uniswapV3.swapExactInputSingle',
        tokenIn: 'tUSDC',
        tokenOut: 'tWETH',
        amountIn: '10',
        amountOutMinimum: '0.004',
      }),
    ).toEqual([
      { label: 'You pay', value: '10 tUSDC' },
      { label: 'You receive at least', value: '0.004 tWETH' },
    ])
  })
})
