import type { DefiVault } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { toAdapterCall, toBaseUnits } from './toAdapterCall'

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
  // The rule itself is @stratos/contracts adapterCallForRequest's (tested there): here, what the
  // browser gets from it and what the person reads when it refuses.
  test('behavior: the call and the vault’s adapter of @stratos/contracts adapterCallForRequest', () => {
    expect(toAdapterCall({ action: 'compoundV2.redeem', amount: '2.5' }, vault)).toEqual({
      adapter: vault.adapters.compoundV2,
      call: { action: 'compoundV2.redeem', cToken: CTOKEN, cTokenAmount: 250_000_000n },
    })
  })

  test('error: an unknown token, the same token twice, Compound without a cToken or no adapter, as AppErrors', () => {
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
    expect(() =>
      toAdapterCall(
        { action: 'aaveV3.supply', asset: 'tUSDC', amount: '1' },
        { ...vault, adapters: { ...vault.adapters, aaveV3: `0x${'00'.repeat(20)}` } },
      ),
    ).toThrow(expect.objectContaining({ name: 'AppError', code: 'NO_ADAPTER' }))
    expect(() => toAdapterCall({ action: 'compoundV2.redeem', amount: '0.000000001' }, vault)).toThrow(
      'The cToken has 8 decimals: use at most 8 digits after the point.',
    )
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
