/**
 * Solana: native SOL and SPL tokens over the standard JSON-RPC. Isomorphic; the local chain
 * (litesvm, Node only) is `@stratos/chains/solana-local`.
 */
export { type CreateSolanaAdapterOptions, createSolanaAdapter } from './createSolanaAdapter.js'
export { solanaUpstream } from './solanaUpstream.js'
