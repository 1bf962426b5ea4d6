import { type Hex, toFunctionSelector } from 'viem'
import { aaveV3AdapterAbi } from './generated/aaveV3Adapter.js'
import { compoundV2AdapterAbi } from './generated/compoundV2Adapter.js'
import { uniswapV3AdapterAbi } from './generated/uniswapV3Adapter.js'

type AbiFunctionLike = { type: string; name?: string }

function selectorsOf(abi: readonly AbiFunctionLike[], names: readonly string[]): readonly Hex[] {
  return names.map((name) => {
    const item = abi.find((entry) => entry.type === 'function' && entry.name === name)
    if (!item) throw new Error(`adapter ABI has no function ${name}`)
    return toFunctionSelector(item as Parameters<typeof toFunctionSelector>[0])
  })
}

/** The selectors the vault allows per adapter (what `deployDeFiStack` whitelists). */
export const ADAPTER_SELECTORS = {
  aaveV3: selectorsOf(aaveV3AdapterAbi, ['supply', 'withdraw']),
  uniswapV3: selectorsOf(uniswapV3AdapterAbi, ['swapExactInputSingle']),
  compoundV2: selectorsOf(compoundV2AdapterAbi, ['supply', 'redeem']),
} as const
