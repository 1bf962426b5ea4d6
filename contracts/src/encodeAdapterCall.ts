import { type Address, encodeFunctionData, type Hex } from 'viem'
import { aaveV3AdapterAbi } from './generated/aaveV3Adapter.js'
import { compoundV2AdapterAbi } from './generated/compoundV2Adapter.js'
import { uniswapV3AdapterAbi } from './generated/uniswapV3Adapter.js'

/** One adapter action, named `<adapter>.<function>`, with the adapter function's arguments. */
export type AdapterCall =
  | { action: 'aaveV3.supply'; asset: Address; amount: bigint }
  /** `amount` = 2^256-1 withdraws everything. */
  | { action: 'aaveV3.withdraw'; asset: Address; amount: bigint }
  | {
      action: 'uniswapV3.swapExactInputSingle'
      tokenIn: Address
      tokenOut: Address
      /** Pool fee tier in hundredths of a bip (500, 3000, 10000). */
      fee: number
      amountIn: bigint
      amountOutMinimum: bigint
    }
  | { action: 'compoundV2.supply'; cToken: Address; amount: bigint }
  | { action: 'compoundV2.redeem'; cToken: Address; cTokenAmount: bigint }

/** The intent `data` (adapter calldata) for one adapter action. */
export function encodeAdapterCall(call: AdapterCall): Hex {
  switch (call.action) {
    case 'aaveV3.supply':
      return encodeFunctionData({
        abi: aaveV3AdapterAbi,
        functionName: 'supply',
        args: [call.asset, call.amount],
      })
    case 'aaveV3.withdraw':
      return encodeFunctionData({
        abi: aaveV3AdapterAbi,
        functionName: 'withdraw',
        args: [call.asset, call.amount],
      })
    case 'uniswapV3.swapExactInputSingle':
      return encodeFunctionData({
        abi: uniswapV3AdapterAbi,
        functionName: 'swapExactInputSingle',
        args: [call.tokenIn, call.tokenOut, call.fee, call.amountIn, call.amountOutMinimum],
      })
    case 'compoundV2.supply':
      return encodeFunctionData({
        abi: compoundV2AdapterAbi,
        functionName: 'supply',
        args: [call.cToken, call.amount],
      })
    case 'compoundV2.redeem':
      return encodeFunctionData({
        abi: compoundV2AdapterAbi,
        functionName: 'redeem',
        args: [call.cToken, call.cTokenAmount],
      })
  }
}
