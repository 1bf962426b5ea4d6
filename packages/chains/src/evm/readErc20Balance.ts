import { type Address, decodeFunctionResult, encodeFunctionData, erc20Abi, type Hex } from 'viem'
import { ChainsError } from '../ChainsError.js'
import type { EvmRpc } from './createEvmRpc.js'

/** `balanceOf(owner)` of an ERC-20 through `eth_call` at the latest block, in base units. */
export async function readErc20Balance(rpc: EvmRpc, token: Address, owner: Address): Promise<bigint> {
  const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [owner] })
  const result = await rpc.request<Hex>('eth_call', [{ to: token, data }, 'latest'], 'read a token balance')
  try {
    return decodeFunctionResult({ abi: erc20Abi, functionName: 'balanceOf', data: result })
  } catch (cause) {
    // `0x`: no contract there (or one without balanceOf).
    throw new ChainsError('TOKEN_NOT_FOUND', `No ERC-20 token contract answers at ${token}.`, {
      details: `balanceOf returned ${result.slice(0, 80)}`,
      cause,
    })
  }
}
