import { type Chain, defineChain } from 'viem'

export interface EvmChainParameters {
  id: number
  /** JSON-RPC URL. */
  rpcUrl: string
  /** Shown name; default `chain-<id>`. */
  name?: string
  /** Native currency symbol (18 decimals); default ETH. */
  symbol?: string
}

/** A viem `Chain` for an EVM network known only by its id and RPC URL (anvil, a configured chain). */
export function evmChain({ id, rpcUrl, name = `chain-${id}`, symbol = 'ETH' }: EvmChainParameters): Chain {
  return defineChain({
    id,
    name,
    nativeCurrency: { name: symbol === 'ETH' ? 'Ether' : symbol, symbol, decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
}
