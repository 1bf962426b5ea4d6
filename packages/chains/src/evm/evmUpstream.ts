import type { UpstreamAllowlist } from '../ChainAdapter.js'

/**
 * Every JSON-RPC method `createEvmAdapter` calls on its endpoint, and nothing else: reads for
 * identity, balances, fees, receipts and logs, Otterscan's transaction search for native history,
 * and broadcasting a transaction signed elsewhere. None makes the node sign or change its state.
 */
export const evmUpstream = {
  kind: 'json-rpc',
  methods: [
    'eth_blockNumber',
    'eth_call',
    'eth_chainId',
    'eth_estimateGas',
    'eth_getBalance',
    'eth_getBlockByNumber',
    'eth_getCode',
    'eth_getLogs',
    'eth_getTransactionByHash',
    'eth_getTransactionCount',
    'eth_getTransactionReceipt',
    'eth_maxPriorityFeePerGas',
    'eth_sendRawTransaction',
    'ots_searchTransactionsBefore',
  ],
} as const satisfies UpstreamAllowlist

/**
 * What the wallet's dock adds to {@link evmUpstream} for the apps it embeds (EIP-1193 reads of
 * dApps, and the simulation of a transaction before the user signs it): `eth_simulateV1` (the
 * execution-apis simulation, with `traceTransfers` for native transfers), `eth_gasPrice` and
 * `eth_feeHistory`. Reads only, like the adapter's; a proxy for browsers allows the union.
 */
export const evmDockUpstream = {
  kind: 'json-rpc',
  methods: ['eth_feeHistory', 'eth_gasPrice', 'eth_simulateV1'],
} as const satisfies UpstreamAllowlist

/**
 * The one call `createEvmAdapter` makes on its `indexerUrl` (an Etherscan-compatible API): `GET`
 * on the URL itself, with the query {@link EVM_INDEXER_QUERY} plus `address`, `startblock`,
 * `endblock`, `page`, `offset`, `sort`.
 */
export const evmIndexerUpstream = {
  kind: 'http',
  routes: [{ method: 'GET', path: /^\/?$/ }],
} as const satisfies UpstreamAllowlist

/** The fixed part of the indexer query: a proxy allows these values and no others. */
export const EVM_INDEXER_QUERY = { module: 'account', action: 'txlist' } as const
