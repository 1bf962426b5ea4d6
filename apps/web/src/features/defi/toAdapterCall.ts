import type { AdapterCall } from '@stratos/contracts'
import type { DefiAction, DefiAsset, DefiIntentRequest, DefiVault } from '@stratos/schemas'
import { type Address, parseUnits } from 'viem'
import { AppError } from '../../lib/AppError'

/** Decimals of a Compound cToken amount (`compoundV2.redeem` counts in cToken units). */
export const CTOKEN_DECIMALS = 8

/** Which of the vault's adapters runs an action. */
export type AdapterKey = keyof DefiVault['adapters']

/** `aaveV3.supply` -> `aaveV3`. */
export function adapterKeyOf(action: DefiAction): AdapterKey {
  return action.slice(0, action.indexOf('.')) as AdapterKey
}

/** The vault asset with this symbol; throws UNKNOWN_ASSET when the vault holds none. */
export function assetBySymbol(vault: DefiVault, symbol: string): DefiAsset {
  const asset = vault.assets.find((a) => a.symbol === symbol)
  if (!asset) throw new AppError('UNKNOWN_ASSET', `The vault holds no token ${symbol}.`)
  return asset
}

/**
 * A decimal amount in the token's smallest units. Refuses more digits after the point than the
 * token has (viem's parseUnits would round them away, and the user would sign another amount).
 */
export function toBaseUnits(amount: string, decimals: number, symbol: string): bigint {
  // Trailing zeros carry no precision: "1.50000000" is fine for 6 decimals.
  const fraction = (amount.split('.')[1] ?? '').replace(/0+$/, '')
  if (fraction.length > decimals)
    throw new AppError(
      'AMOUNT_PRECISION',
      decimals === 0
        ? `${symbol} has no decimals: enter a whole number.`
        : `${symbol} has ${decimals} decimals: use at most ${decimals} digits after the point.`,
    )
  return parseUnits(amount, decimals)
}

function cTokenOf(vault: DefiVault): Address {
  if (!vault.cToken) throw new AppError('NO_CTOKEN', 'This vault has no Compound market configured.')
  return vault.cToken as Address
}

/**
 * The adapter call a request means for this vault, as the browser encodes it itself
 * (`encodeAdapterCall`): tokens by symbol from `vault.assets`, amounts in their decimals, the
 * vault's swap fee tier and cToken. The prepared intent's call data must equal its encoding.
 */
export function toAdapterCall(request: DefiIntentRequest, vault: DefiVault): AdapterCall {
  switch (request.action) {
    case 'aaveV3.supply':
    case 'aaveV3.withdraw': {
      const asset = assetBySymbol(vault, request.asset)
      return {
        action: request.action,
        asset: asset.address as Address,
        amount: toBaseUnits(request.amount, asset.decimals, asset.symbol),
      }
    }
    case 'uniswapV3.swapExactInputSingle': {
      const tokenIn = assetBySymbol(vault, request.tokenIn)
      const tokenOut = assetBySymbol(vault, request.tokenOut)
      if (tokenIn.address.toLowerCase() === tokenOut.address.toLowerCase())
        throw new AppError('SAME_TOKEN', 'Choose two different tokens to swap.')
      return {
        action: request.action,
        tokenIn: tokenIn.address as Address,
        tokenOut: tokenOut.address as Address,
        fee: vault.swapFee,
        amountIn: toBaseUnits(request.amountIn, tokenIn.decimals, tokenIn.symbol),
        amountOutMinimum: toBaseUnits(request.amountOutMinimum, tokenOut.decimals, tokenOut.symbol),
      }
    }
    case 'compoundV2.supply': {
      const asset = assetBySymbol(vault, request.asset)
      return {
        action: request.action,
        cToken: cTokenOf(vault),
        amount: toBaseUnits(request.amount, asset.decimals, asset.symbol),
      }
    }
    case 'compoundV2.redeem':
      return {
        action: request.action,
        cToken: cTokenOf(vault),
        cTokenAmount: toBaseUnits(request.amount, CTOKEN_DECIMALS, 'The cToken'),
      }
  }
}
