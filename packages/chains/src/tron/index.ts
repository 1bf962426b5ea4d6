/**
 * TRON: the adapter over java-tron's HTTP API and TronGrid's account lists. Isomorphic. The local
 * stand-in chain (Node only) is `@stratos/chains/tron-local`.
 */
export {
  type CreateTronAdapterParameters,
  type CreateTronAdapterReturnType,
  createTronAdapter,
} from './createTronAdapter.js'
export { isTronAddress, normalizeTronAddress } from './tronAddress.js'
export { tronUpstream } from './tronUpstream.js'
