import type { ChainAdapter, ChainFamily } from '@stratos/chains'
import { loadChunk } from '../../lib/loadChunk'
import type { WalletNetwork } from './network'

/** Each family's adapter is its own chunk: a wallet with only EVM networks never loads TON's code. */
const factories: Record<
  ChainFamily,
  () => Promise<(network: WalletNetwork, endpoint: string) => ChainAdapter>
> = {
  evm: () =>
    loadChunk(() => import('@stratos/chains/evm')).then(
      (m) => (network, endpoint) => m.createEvmAdapter({ endpoint, chainId: network.chainId ?? 0 }),
    ),
  solana: () =>
    loadChunk(() => import('@stratos/chains/solana')).then(
      (m) => (_network, endpoint) => m.createSolanaAdapter({ endpoint }),
    ),
  bitcoin: () =>
    loadChunk(() => import('@stratos/chains/bitcoin')).then(
      (m) => (network, endpoint) =>
        m.createBitcoinAdapter({ endpoint, network: network.bitcoinNetwork ?? 'mainnet' }),
    ),
  tron: () =>
    loadChunk(() => import('@stratos/chains/tron')).then(
      (m) => (_network, endpoint) => m.createTronAdapter({ endpoint }),
    ),
  ton: () =>
    loadChunk(() => import('@stratos/chains/ton')).then(
      (m) => (network, endpoint) =>
        m.createTonAdapter({ endpoint, network: network.tonNetwork ?? 'mainnet' }),
    ),
}

const adapters = new Map<string, Promise<ChainAdapter>>()

/**
 * The adapter of `network`, talking to its chain through the API's same-origin proxy
 * (`/api/chains/<id>`): the upstream URL and key stay on the server. One per network settings.
 */
export function chainAdapterFor(network: WalletNetwork): Promise<ChainAdapter> {
  const key = JSON.stringify([
    network.id,
    network.family,
    network.chainId,
    network.bitcoinNetwork,
    network.tonNetwork,
  ])
  let adapter = adapters.get(key)
  if (!adapter) {
    const endpoint = new URL(`/api/chains/${encodeURIComponent(network.id)}`, window.location.origin).href
    adapter = factories[network.family]().then((create) => create(network, endpoint))
    // A chunk that failed to load is asked again next time.
    adapter.catch(() => adapters.delete(key))
    adapters.set(key, adapter)
  }
  return adapter
}
