import type { PublicConfig } from '@stratos/schemas'
import {
  type Chain,
  type Client,
  createClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
} from 'viem'
import {
  estimateFeesPerGas,
  estimateGas,
  getBalance,
  getChainId,
  getTransactionCount,
  sendRawTransaction,
  waitForTransactionReceipt,
} from 'viem/actions'

/**
 * The `PublicClient` methods that `@stratos/chains` calls for this feature (getNativeBalance,
 * prepareNativeTransfer, broadcastTransaction, waitForTransaction).
 */
export type EvmActions = Pick<
  PublicClient,
  | 'estimateFeesPerGas'
  | 'estimateGas'
  | 'getBalance'
  | 'getChainId'
  | 'getTransactionCount'
  | 'sendRawTransaction'
  | 'waitForTransactionReceipt'
>

/** Binds the actions the wallet uses to `client`, each as `PublicClient` types it. */
function evmActions(client: Client<Transport, Chain>): EvmActions {
  return {
    estimateFeesPerGas: (args) => estimateFeesPerGas(client, args),
    estimateGas: (args) => estimateGas(client, args),
    getBalance: (args) => getBalance(client, args),
    getChainId: () => getChainId(client),
    getTransactionCount: (args) => getTransactionCount(client, args),
    sendRawTransaction: (args) => sendRawTransaction(client, args),
    waitForTransactionReceipt: (args) => waitForTransactionReceipt(client, args),
  }
}

/**
 * A viem client for the configured EVM chain, through the API's same-origin JSON-RPC proxy: the
 * upstream RPC URL (which may carry an API key) never reaches the browser.
 *
 * It carries only `EvmActions`, not all of `publicActions` (multicall, ENS, signature checks and
 * their curve code: about 45 kB gzip the dashboard does not load). `@stratos/chains` types its
 * parameter as `PublicClient`, hence the cast; a method it starts calling must be added above.
 */
export function createEvmClient(evm: PublicConfig['evm']): PublicClient {
  const url = new URL(evm.rpcPath, window.location.origin).toString()
  const chain = defineChain({
    id: evm.chainId,
    name: evm.name,
    nativeCurrency: { name: evm.symbol, symbol: evm.symbol, decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  })
  const client = createClient({
    chain,
    transport: http(url, { fetchOptions: { credentials: 'same-origin' } }),
    pollingInterval: 1_000,
  }).extend(evmActions)
  return client as unknown as PublicClient
}
