/**
 * Test helpers: the chain families a test app serves. Everything here is for tests only.
 *
 * - EVM: `viemTestEvmAdapter`, a minimal `ChainAdapter` over viem that answers `identify` (eth_chainId,
 *   eth_blockNumber) and `getToken` (ERC-20 `decimals` through eth_call) against the network's real
 *   endpoint (anvil in the tests). The product's adapters come from `@stratos/chains`.
 * - Other families: `chainAdapterDouble`, an adapter TEST DOUBLE that answers `identify` and
 *   `getToken` from what the test describes, without any chain.
 * - Allowlists: defined here for the proxy tests, not the adapters'.
 *
 * A test describes them as JSON (`TestChains`) so the same description builds them in this process
 * and inside workerd (`workerTestEntry.ts`).
 */
import type { ChainAdapter, ChainFamily, NetworkIdentity, UpstreamAllowlist } from '@stratos/chains'
import { ChainsError } from '@stratos/chains'
import { createPublicClient, custom, erc20Abi, getAddress, isAddress } from 'viem'
import type { ChainFamilies, NetworkConnection } from '../chains/chainFamilies.js'

/** What an adapter test double answers for a family. */
export interface AdapterDouble {
  /** `identify().id`; absent, `identify()` throws RPC_ERROR as an endpoint that does not answer. */
  id?: string
  /** Token decimals by address; an address not listed is TOKEN_NOT_FOUND. */
  tokens?: Record<string, number>
}

/** An allowlist as JSON: HTTP routes' paths as RegExp source text. */
export type TestAllowlist =
  | { kind: 'json-rpc'; methods: string[] }
  | { kind: 'http'; routes: { method: 'GET' | 'POST'; path: string }[] }

/** JSON-safe description of the chain families of a test app. */
export interface TestChains {
  /** Families answered by an adapter test double instead of their real adapter (EVM included). */
  doubles?: Partial<Record<ChainFamily, AdapterDouble>>
  /** Allowlists by family; absent, `TEST_ALLOWLISTS`. */
  allowlists?: Partial<Record<ChainFamily, TestAllowlist>>
}

/** Allowlists defined for the tests: a few calls of each family's API. */
export const TEST_ALLOWLISTS: Record<ChainFamily, TestAllowlist> = {
  evm: { kind: 'json-rpc', methods: ['eth_chainId', 'eth_blockNumber', 'eth_getBalance', 'eth_call'] },
  solana: { kind: 'json-rpc', methods: ['getGenesisHash', 'getBalance', 'getSlot'] },
  bitcoin: {
    kind: 'http',
    routes: [
      { method: 'GET', path: '^/blocks/tip/height$' },
      { method: 'GET', path: '^/address/[a-z0-9]{14,90}/utxo$' },
      { method: 'POST', path: '^/tx$' },
    ],
  },
  tron: { kind: 'http', routes: [{ method: 'POST', path: '^/wallet/getnowblock$' }] },
  ton: { kind: 'http', routes: [{ method: 'GET', path: '^/getAddressBalance$' }] },
}

/** Test helper: the minimal EVM adapter over viem (identify, getToken); the rest is not in it. */
export function viemTestEvmAdapter(network: NetworkConnection): ChainAdapter {
  const client = createPublicClient({
    transport: custom({
      async request({ method, params }) {
        const response = await network.fetch(network.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
        })
        const answer = (await response.json()) as { result?: unknown; error?: { message: string } }
        if (answer.error) throw new Error(answer.error.message)
        return answer.result
      },
    }),
  })
  const rpcError = (cause: unknown) => new ChainsError('RPC_ERROR', 'The EVM node did not answer', { cause })
  return {
    family: 'evm',
    async identify() {
      try {
        const [chainId, height] = await Promise.all([client.getChainId(), client.getBlockNumber()])
        return { family: 'evm', id: String(chainId), height }
      } catch (cause) {
        throw rpcError(cause)
      }
    },
    async getToken(address) {
      if (!isAddress(address, { strict: false }))
        throw new ChainsError('INVALID_ADDRESS', `${address} is not an EVM address`)
      const checksummed = getAddress(address)
      const code = await client.getCode({ address: checksummed }).catch((cause) => {
        throw rpcError(cause)
      })
      if (!code || code === '0x') throw new ChainsError('TOKEN_NOT_FOUND', `No contract at ${checksummed}`)
      const decimals = await client
        .readContract({ address: checksummed, abi: erc20Abi, functionName: 'decimals' })
        .catch(() => {
          throw new ChainsError('TOKEN_NOT_FOUND', `${checksummed} is not an ERC-20 token`)
        })
      return { address: checksummed, decimals }
    },
    ...notInTestHelper('evm'),
  }
}

/** Test helper: an adapter TEST DOUBLE answering `identify` and `getToken` from `double`. */
export function chainAdapterDouble(family: ChainFamily, double: AdapterDouble): ChainAdapter {
  return {
    family,
    async identify(): Promise<NetworkIdentity> {
      if (double.id === undefined)
        throw new ChainsError('RPC_ERROR', 'The test double has no endpoint to answer')
      return { family, id: double.id, height: 1n }
    },
    async getToken(address) {
      const decimals = double.tokens?.[address]
      if (decimals === undefined)
        throw new ChainsError('TOKEN_NOT_FOUND', `The test double has no token ${address}`)
      return { address, decimals }
    },
    ...notInTestHelper(family),
  }
}

function notInTestHelper(family: ChainFamily) {
  const missing = (name: string) => () => {
    throw new Error(`${name} of ${family} is not in the API's test adapters`)
  }
  return {
    getBalances: missing('getBalances'),
    estimateFee: missing('estimateFee'),
    prepareTransfer: missing('prepareTransfer'),
    signTransfer: missing('signTransfer'),
    broadcast: missing('broadcast'),
    getTransactionStatus: missing('getTransactionStatus'),
    getHistory: missing('getHistory'),
  } as Omit<ChainAdapter, 'family' | 'identify' | 'getToken'>
}

function toAllowlist(allowlist: TestAllowlist): UpstreamAllowlist {
  return allowlist.kind === 'json-rpc'
    ? allowlist
    : {
        kind: 'http',
        routes: allowlist.routes.map((route) => ({ method: route.method, path: new RegExp(route.path) })),
      }
}

/** Test helper: the chain families a test app serves, from the test's description. */
export function testChainFamilies(chains: TestChains = {}): ChainFamilies {
  const families: ChainFamilies = {}
  for (const family of ['evm', 'solana', 'bitcoin', 'tron', 'ton'] as const) {
    const double = chains.doubles?.[family]
    families[family] = {
      adapter: (network) =>
        double
          ? chainAdapterDouble(family, double)
          : family === 'evm'
            ? viemTestEvmAdapter(network)
            : chainAdapterDouble(family, {}),
      upstream: toAllowlist(chains.allowlists?.[family] ?? TEST_ALLOWLISTS[family]),
    }
  }
  return families
}
