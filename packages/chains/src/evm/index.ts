/**
 * The EVM family: `createEvmAdapter` (a `ChainAdapter` over JSON-RPC, any EIP-1559 chain) and
 * the exact upstream calls it makes. Isomorphic; the local chain is `@stratos/chains/evm-local`.
 */
export { type CreateEvmAdapterParameters, createEvmAdapter } from './createEvmAdapter.js'
export { describeRevert } from './describeRevert.js'
export { EVM_INDEXER_QUERY, evmDockUpstream, evmIndexerUpstream, evmUpstream } from './evmUpstream.js'
