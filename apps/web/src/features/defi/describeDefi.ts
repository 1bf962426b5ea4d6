import {
  aaveV3AdapterAbi,
  CTOKEN_DECIMALS,
  compoundV2AdapterAbi,
  uniswapV3AdapterAbi,
} from '@stratos/contracts'
import type { DefiAction, DefiIntentItem, DefiIntentRequest, DefiVault } from '@stratos/schemas'
import { decodeFunctionData, formatUnits, type Hex, maxUint256 } from 'viem'

/** What each action is called in the wallet. */
export const ACTION_LABELS: Record<DefiAction, string> = {
  'aaveV3.supply': 'Supply to Aave v3',
  'aaveV3.withdraw': 'Withdraw from Aave v3',
  'uniswapV3.swapExactInputSingle': 'Swap on Uniswap v3',
  'compoundV2.supply': 'Supply to Compound',
  'compoundV2.redeem': 'Redeem from Compound',
}

/** One line of a review: what, and how much of which token. */
export interface AmountLine {
  label: string
  value: string
}

/** The amounts of a request as the review shows them ("100 tUSDC"). */
export function describeRequest(request: DefiIntentRequest): AmountLine[] {
  switch (request.action) {
    case 'aaveV3.supply':
    case 'aaveV3.withdraw':
    case 'compoundV2.supply':
      return [{ label: 'Amount', value: `${request.amount} ${request.asset}` }]
    case 'uniswapV3.swapExactInputSingle':
      return [
        { label: 'You pay', value: `${request.amountIn} ${request.tokenIn}` },
        { label: 'You receive at least', value: `${request.amountOutMinimum} ${request.tokenOut}` },
      ]
    case 'compoundV2.redeem':
      return [{ label: 'Amount', value: `${request.amount} cTokens` }]
  }
}

/** `0x1234…abcd`. */
export function shortHex(hex: string, keep = 6): string {
  return hex.length > 2 * keep + 3 ? `${hex.slice(0, keep)}…${hex.slice(-4)}` : hex
}

/** The symbol of the token at `address`, or its short address when the vault does not list it. */
function tokenSymbol(vault: DefiVault | null, address: string): string {
  return (
    vault?.assets.find((a) => a.address.toLowerCase() === address.toLowerCase())?.symbol ?? shortHex(address)
  )
}

/** An amount of the token at `address`, with its symbol when the vault knows it. */
function tokenAmount(vault: DefiVault | null, address: string, amount: bigint): string {
  const asset = vault?.assets.find((a) => a.address.toLowerCase() === address.toLowerCase())
  if (!asset) return `${amount} units of ${shortHex(address)}`
  return `${formatUnits(amount, asset.decimals)} ${asset.symbol}`
}

/**
 * What an intent moves, read from its call data ("100 tUSDC", "100 tUSDC for at least 0.04 tWETH").
 * Null when the call data is not one of the adapters' functions.
 */
export function describeIntentAmount(item: DefiIntentItem, vault: DefiVault | null): string | null {
  const data = item.callData as Hex
  try {
    switch (item.action) {
      case 'aaveV3.supply':
      case 'aaveV3.withdraw': {
        const { args } = decodeFunctionData({ abi: aaveV3AdapterAbi, data })
        const [asset, amount] = args as readonly [string, bigint]
        // The adapter's "withdraw everything" amount.
        if (item.action === 'aaveV3.withdraw' && amount === maxUint256)
          return `all ${tokenSymbol(vault, asset)}`
        return tokenAmount(vault, asset, amount)
      }
      case 'uniswapV3.swapExactInputSingle': {
        const { args } = decodeFunctionData({ abi: uniswapV3AdapterAbi, data })
        const [tokenIn, tokenOut, , amountIn, amountOutMinimum] = args as readonly [
          string,
          string,
          number,
          bigint,
          bigint,
        ]
        return `${tokenAmount(vault, tokenIn, amountIn)} for at least ${tokenAmount(vault, tokenOut, amountOutMinimum)}`
      }
      case 'compoundV2.supply': {
        const { args } = decodeFunctionData({ abi: compoundV2AdapterAbi, data })
        const [, amount] = args as readonly [string, bigint]
        // The cToken's underlying is not part of the vault status: say so rather than guess a symbol.
        return `${amount} base units of the underlying`
      }
      case 'compoundV2.redeem': {
        const { args } = decodeFunctionData({ abi: compoundV2AdapterAbi, data })
        const [, cTokenAmount] = args as readonly [string, bigint]
        return `${formatUnits(cTokenAmount, CTOKEN_DECIMALS)} cTokens`
      }
      default:
        return null
    }
  } catch {
    return null
  }
}
