import { decodeFunctionResult, encodeFunctionData, erc20Abi, getAddress, type Hex } from 'viem'
import type { EvmRequest } from './evmRequest'

/** A token as a review names it: symbol and decimals, null when the contract did not say. */
export interface TokenInfo {
  address: `0x${string}`
  symbol: string | null
  decimals: number | null
  /** True for a token the instance lists on the network (its admin's symbol and decimals). */
  listed: boolean
}

/** The tokens an admin listed on a network, as `GET /api/networks` gives them. */
export interface ListedToken {
  address: string
  symbol: string
  decimals: number
}

async function readString(request: EvmRequest, address: Hex, functionName: 'symbol' | 'decimals') {
  const data = encodeFunctionData({ abi: erc20Abi, functionName })
  const result = (await request('eth_call', [{ to: address, data }, 'latest'])) as Hex
  return decodeFunctionResult({ abi: erc20Abi, functionName, data: result })
}

/**
 * Symbol and decimals of the token at `address`: the instance's listing when it has one, else what
 * the contract answers to ERC-20's `symbol()` and `decimals()` (null for what it does not answer).
 */
export async function readTokenInfo(
  request: EvmRequest,
  address: string,
  listed: readonly ListedToken[],
): Promise<TokenInfo> {
  const checksummed = getAddress(address)
  const known = listed.find((t) => t.address.toLowerCase() === checksummed.toLowerCase())
  if (known) return { address: checksummed, symbol: known.symbol, decimals: known.decimals, listed: true }
  const [symbol, decimals] = await Promise.all([
    readString(request, checksummed, 'symbol').catch(() => null),
    readString(request, checksummed, 'decimals').catch(() => null),
  ])
  return {
    address: checksummed,
    symbol: typeof symbol === 'string' && symbol.length <= 32 ? symbol : null,
    decimals: typeof decimals === 'number' && decimals <= 36 ? decimals : null,
    listed: false,
  }
}
