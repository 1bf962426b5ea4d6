import type { PublicConfig } from '@stratos/schemas'
import { createPublicClient, defineChain, http, type PublicClient } from 'viem'

/**
 * A viem client for the configured EVM chain, through the API's same-origin JSON-RPC proxy: the
 * upstream RPC URL (which may carry an API key) never reaches the browser.
 */
export function createEvmClient(evm: PublicConfig['evm']): PublicClient {
  const url = new URL(evm.rpcPath, window.location.origin).toString()
  const chain = defineChain({
    id: evm.chainId,
    name: evm.name,
    nativeCurrency: { name: evm.symbol, symbol: evm.symbol, decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  })
  return createPublicClient({
    chain,
    transport: http(url, { fetchOptions: { credentials: 'same-origin' } }),
    pollingInterval: 1_000,
  })
}
