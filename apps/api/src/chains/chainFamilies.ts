import type { ChainAdapter, ChainFamily, UpstreamAllowlist } from '@stratos/chains'
import { bitcoinUpstream, createBitcoinAdapter } from '@stratos/chains/bitcoin'
import { createEvmAdapter, evmDockUpstream, evmUpstream } from '@stratos/chains/evm'
import { createSolanaAdapter, solanaUpstream } from '@stratos/chains/solana'
import { createTonAdapter, tonUpstream } from '@stratos/chains/ton'
import { createTronAdapter, tronUpstream } from '@stratos/chains/tron'
import { ApiError } from '../errors.js'

/** A network as an adapter is made for it on the server. */
export interface NetworkConnection {
  id: string
  family: ChainFamily
  /** The node's JSON-RPC URL, or the HTTP API's base: the adapter calls `${endpoint}${path}`. */
  endpoint: string
  /** `fetch` that adds the network's API key header (when it has one) to every request. */
  fetch: typeof fetch
  /** EVM: the configured chain id. */
  chainId: number | null
  bitcoinNetwork: 'mainnet' | 'testnet' | 'regtest' | null
  tonNetwork: 'mainnet' | 'testnet' | null
  /** EVM: the indexer's URL for history, when the network has one. */
  indexerUrl: string | null
}

/** What the API needs of one chain family. */
export interface ChainFamilySupport {
  /** An adapter for the network's endpoint: the checks before a network or token is saved. */
  adapter(network: NetworkConnection): ChainAdapter
  /** The upstream calls a browser may make through `/api/chains/:networkId` (its adapter's calls). */
  upstream: UpstreamAllowlist
}

/** The chain families an app serves, each with its adapter and allowlist. */
export type ChainFamilies = Partial<Record<ChainFamily, ChainFamilySupport>>

/**
 * The chain families of this build: `stratos serve` and the Worker serve these (`node.ts`,
 * `worker.ts`); tests give their own. A network of a family missing here can be listed but not
 * added, checked or reached (503 CHAIN_FAMILY_UNSUPPORTED).
 */
export const CHAIN_FAMILIES: ChainFamilies = {
  evm: {
    adapter: (n) =>
      createEvmAdapter({
        endpoint: n.endpoint,
        fetch: n.fetch,
        chainId: n.chainId ?? 0,
        indexerUrl: n.indexerUrl ?? undefined,
      }),
    // The adapter's calls, and what the dock's EIP-1193 reads and transaction simulation add.
    upstream: { kind: 'json-rpc', methods: [...evmUpstream.methods, ...evmDockUpstream.methods] },
  },
  solana: {
    adapter: (n) => createSolanaAdapter({ endpoint: n.endpoint, fetch: n.fetch }),
    upstream: solanaUpstream,
  },
  bitcoin: {
    adapter: (n) =>
      createBitcoinAdapter({ endpoint: n.endpoint, fetch: n.fetch, network: n.bitcoinNetwork ?? 'mainnet' }),
    upstream: bitcoinUpstream,
  },
  tron: {
    adapter: (n) => createTronAdapter({ endpoint: n.endpoint, fetch: n.fetch }),
    upstream: tronUpstream,
  },
  ton: {
    adapter: (n) =>
      createTonAdapter({ endpoint: n.endpoint, fetch: n.fetch, network: n.tonNetwork ?? 'mainnet' }),
    upstream: tonUpstream,
  },
}

function supportOf(families: ChainFamilies, family: ChainFamily): ChainFamilySupport {
  const support = families[family]
  if (!support)
    throw new ApiError(
      503,
      'CHAIN_FAMILY_UNSUPPORTED',
      `This instance has no adapter for ${family} networks: its operator must run a build that has one`,
    )
  return support
}

/** `AppDeps.chainAdapter` of a table of families. */
export function chainAdapterOf(families: ChainFamilies): (network: NetworkConnection) => ChainAdapter {
  return (network) => supportOf(families, network.family).adapter(network)
}

/** `AppDeps.upstreamAllowlist` of a table of families. */
export function upstreamAllowlistOf(families: ChainFamilies): (family: ChainFamily) => UpstreamAllowlist {
  return (family) => supportOf(families, family).upstream
}

/** `fetch` with the header `apiKey.header: apiKey.value` on every request (none when `apiKey` is null). */
export function keyedFetch(
  fetchFn: typeof fetch,
  apiKey: { header: string; value: string } | null,
): typeof fetch {
  if (!apiKey) return fetchFn
  return (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))
    headers.set(apiKey.header, apiKey.value)
    return fetchFn(input, { ...init, headers })
  }
}
