import { describe, expect, test } from 'vitest'
import { type AdapterCallVault, adapterCallForRequest } from './adapterCallForRequest.js'
import { ContractsError } from './ContractsError.js'

const USDC = `0x${'11'.repeat(20)}` as const
const WETH = `0x${'22'.repeat(20)}` as const
const CTOKEN = `0x${'33'.repeat(20)}` as const
const AAVE = `0x${'01'.repeat(20)}` as const
const UNISWAP = `0x${'02'.repeat(20)}` as const
const COMPOUND = `0x${'03'.repeat(20)}` as const
const ZERO = `0x${'00'.repeat(20)}`
const vault: AdapterCallVault = {
  adapters: { aaveV3: AAVE, uniswapV3: UNISWAP, compoundV2: COMPOUND },
  cToken: CTOKEN,
  swapFee: 3000,
  assets: [
    { symbol: 'tUSDC', address: USDC, decimals: 6 },
    { symbol: 'tWETH', address: WETH, decimals: 18 },
  ],
}
const SWAP = {
  action: 'uniswapV3.swapExactInputSingle',
  tokenIn: 'tUSDC',
  tokenOut: 'tWETH',
  amountIn: '10',
  amountOutMinimum: '0.004',
} as const

/** What adapterCallForRequest threw: its code, field and message. */
function refusal(run: () => unknown) {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ContractsError)
    const { code, field, shortMessage, token } = error as ContractsError
    return { code, field, shortMessage, token }
  }
  throw new Error('expected a ContractsError')
}

describe('adapterCallForRequest', () => {
  test('behavior: tokens by symbol, amounts in their decimals, the vault’s fee tier, cToken and adapter', () => {
    expect(
      adapterCallForRequest({ action: 'aaveV3.supply', asset: 'tUSDC', amount: '100.5' }, vault),
    ).toEqual({
      adapter: AAVE,
      call: { action: 'aaveV3.supply', asset: USDC, amount: 100_500_000n },
    })
    expect(adapterCallForRequest({ action: 'aaveV3.withdraw', asset: 'tWETH', amount: '1' }, vault)).toEqual({
      adapter: AAVE,
      call: { action: 'aaveV3.withdraw', asset: WETH, amount: 10n ** 18n },
    })
    expect(adapterCallForRequest(SWAP, vault)).toEqual({
      adapter: UNISWAP,
      call: {
        action: 'uniswapV3.swapExactInputSingle',
        tokenIn: USDC,
        tokenOut: WETH,
        fee: 3000,
        amountIn: 10_000_000n,
        amountOutMinimum: 4n * 10n ** 15n,
      },
    })
    expect(
      adapterCallForRequest({ action: 'compoundV2.supply', asset: 'tUSDC', amount: '1' }, vault),
    ).toEqual({
      adapter: COMPOUND,
      call: { action: 'compoundV2.supply', cToken: CTOKEN, amount: 1_000_000n },
    })
    expect(adapterCallForRequest({ action: 'compoundV2.redeem', amount: '2.5' }, vault)).toEqual({
      adapter: COMPOUND,
      call: { action: 'compoundV2.redeem', cToken: CTOKEN, cTokenAmount: 250_000_000n },
    })
  })

  test('behavior: symbols match whatever their case; trailing zeros beyond the decimals are fine', () => {
    expect(
      adapterCallForRequest({ action: 'aaveV3.supply', asset: ' TUSDC ', amount: '1.500000000' }, vault).call,
    ).toEqual({ action: 'aaveV3.supply', asset: USDC, amount: 1_500_000n })
  })

  test('error: an unknown token names the field and the vault’s tokens', () => {
    expect(
      refusal(() => adapterCallForRequest({ action: 'aaveV3.withdraw', asset: 'DAI', amount: '1' }, vault)),
    ).toEqual({
      code: 'UNKNOWN_ASSET',
      field: 'asset',
      shortMessage: 'your vault has no token "DAI" (it has tUSDC, tWETH)',
      token: undefined,
    })
    expect(refusal(() => adapterCallForRequest({ ...SWAP, tokenOut: 'tUSDT' }, vault))).toMatchObject({
      code: 'UNKNOWN_ASSET',
      field: 'tokenOut',
    })
  })

  test('error: more significant decimals than the token has are refused, never rounded; so is zero', () => {
    expect(
      refusal(() =>
        adapterCallForRequest({ action: 'aaveV3.supply', asset: 'tUSDC', amount: '1.0000001' }, vault),
      ),
    ).toEqual({
      code: 'AMOUNT_PRECISION',
      field: 'amount',
      shortMessage: 'tUSDC has 6 decimals, 1.0000001 has 7',
      token: { symbol: 'tUSDC', decimals: 6 },
    })
    expect(
      refusal(() => adapterCallForRequest({ action: 'compoundV2.redeem', amount: '0.000000001' }, vault)),
    ).toEqual({
      code: 'AMOUNT_PRECISION',
      field: 'amount',
      shortMessage: 'the cToken has 8 decimals, 0.000000001 has 9',
      token: { symbol: 'the cToken', decimals: 8 },
    })
    expect(refusal(() => adapterCallForRequest({ ...SWAP, amountOutMinimum: '0.000' }, vault))).toMatchObject(
      {
        code: 'INVALID_AMOUNT',
        field: 'amountOutMinimum',
        shortMessage: 'must be greater than 0',
      },
    )
    expect(refusal(() => adapterCallForRequest({ ...SWAP, amountIn: '1e6' }, vault))).toMatchObject({
      code: 'INVALID_AMOUNT',
      field: 'amountIn',
    })
  })

  test('error: the same token twice, a missing adapter or cToken', () => {
    expect(refusal(() => adapterCallForRequest({ ...SWAP, tokenOut: 'tusdc' }, vault))).toMatchObject({
      code: 'SAME_TOKEN',
      field: 'tokenOut',
      shortMessage: 'swap tUSDC for another token, not for itself',
    })
    expect(
      refusal(() =>
        adapterCallForRequest(SWAP, { ...vault, adapters: { ...vault.adapters, uniswapV3: ZERO } }),
      ),
    ).toMatchObject({
      code: 'NO_ADAPTER',
      field: 'action',
      shortMessage: 'your vault has no uniswapV3 adapter, so uniswapV3.swapExactInputSingle is not available',
    })
    expect(
      refusal(() =>
        adapterCallForRequest({ action: 'compoundV2.redeem', amount: '1' }, { ...vault, cToken: null }),
      ),
    ).toMatchObject({
      code: 'NO_CTOKEN',
      field: 'action',
      shortMessage: 'your vault has no cToken configured, so compoundV2.redeem is not available',
    })
  })
})
