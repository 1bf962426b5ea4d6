import type { DefiVault } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { adapterKeyOf, toAdapterCall, toBaseUnits } from './toAdapterCall'

const USDC = `0x${'11'.repeat(20)}`
const WETH = `0x${'22'.repeat(20)}`
const CTOKEN = `0x${'33'.repeat(20)}`
const vault: DefiVault = {
  chainId: 31337,
  address: `0x${'aa'.repeat(20)}`,
  vaultId: `0x${'bb'.repeat(32)}`,
  partyId: `dana::1220${'cc'.repeat(32)}`,
  adapters: {
    aaveV3: `0x${'01'.repeat(20)}`,
    uniswapV3: `0x${'02'.repeat(20)}`,
    compoundV2: `0x${'03'.repeat(20)}`,
  },
  cToken: CTOKEN,
  swapFee: 3000,
  assets: [
    { symbol: 'tUSDC', address: USDC, decimals: 6, balance: '1000' },
    { symbol: 'tWETH', address: WETH, decimals: 18, balance: '1' },
  ],
}

describe('toAdapterCall', () => {
  test('behavior: tokens by symbol, amounts in their decimals, the vault’s fee tier and cToken', () => {
    expect(toAdapterCall({ action: 'aaveV3.supply', asset: 'tUSDC', amount: '100.5' }, vault)).toEqual({
      action: 'aaveV3.supply',
      asset: USDC,
      amount: 100_500_000n,
    })
    expect(
      toAdapterCall(
        {
          action: 'uniswapV3.swapExactInputSingle',
          tokenIn: 'tUSDC',
          tokenOut: 'tWETH',
          amountIn: '10',
          amountOutMinimum: '0.004',
        },
        vault,
      ),
    ).toEqual({
      action: 'uniswapV3.swapExactInputSingle',
      tokenIn: USDC,
      tokenOut: WETH,
      fee: 3000,
      amountIn: 10_000_000n,
      amountOutMinimum: 4n * 10n ** 15n,
    })
    expect(toAdapterCall({ action: 'compoundV2.supply', asset: 'tUSDC', amount: '1' }, vault)).toEqual({
      action: 'compoundV2.supply',
      cToken: CTOKEN,
      amount: 1_000_000n,
    })
    expect(toAdapterCall({ action: 'compoundV2.redeem', amount: '2.5' }, vault)).toEqual({
      action: 'compoundV2.redeem',
      cToken: CTOKEN,
      cTokenAmount: 250_000_000n,
    })
  })

  test('error: an unknown token, the same token twice, or Compound without a cToken', () => {
    expect(() => toAdapterCall({ action: 'aaveV3.withdraw', asset: 'DAI', amount: '1' }, vault)).toThrow(
      'The vault holds no token DAI.',
    )
    expect(() =>
      toAdapterCall(
        {
          action: 'uniswapV3.swapExactInputSingle',
          tokenIn: 'tUSDC',
          tokenOut: 'tUSDC',
          amountIn: '1',
          amountOutMinimum: '1',
        },
        vault,
      ),
    ).toThrow('Choose two different tokens to swap.')
    expect(() =>
      toAdapterCall({ action: 'compoundV2.redeem', amount: '1' }, { ...vault, cToken: null }),
    ).toThrow('This vault has no Compound market configured.')
  })
})

describe('toBaseUnits', () => {
  test('behavior: trailing zeros beyond the decimals are fine', () => {
    expect(toBaseUnits('1.500000000', 6, 'tUSDC')).toBe(1_500_000n)
  })

  test('error: more significant digits than the token has are refused, never rounded', () => {
    expect(() => toBaseUnits('1.0000001', 6, 'tUSDC')).toThrow(
      'tUSDC has 6 decimals: use at most 6 digits after the point.',
    )
    expect(() => toBaseUnits('1.5', 0, 'NFT')).toThrow('NFT has no decimals: enter a whole number.')
  })
})

describe('adapterKeyOf', () => {
  test('behavior: the adapter of each action', () => {
    expect(adapterKeyOf('aaveV3.withdraw')).toBe('aaveV3')
    expect(adapterKeyOf('uniswapV3.swapExactInputSingle')).toBe('uniswapV3')
    expect(adapterKeyOf('compoundV2.redeem')).toBe('compoundV2')
  })
})
