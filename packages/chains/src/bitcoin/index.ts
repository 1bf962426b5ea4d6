/**
 * Bitcoin over the Esplora HTTP API: `createBitcoinAdapter` and `bitcoinUpstream`, the calls it
 * makes. Isomorphic; the local chain (Node only) is `@stratos/chains/bitcoin-local`.
 */
export { type BitcoinNetworkName, GENESIS_BLOCK_HASHES } from './bitcoinNetwork.js'
export { bitcoinUpstream } from './bitcoinUpstream.js'
export {
  type CreateBitcoinAdapterParameters,
  createBitcoinAdapter,
  FEE_TARGET_BLOCKS,
  feeRateFromEstimates,
  RBF_SEQUENCE,
} from './createBitcoinAdapter.js'
export { type ParsedBitcoinAddress, parseBitcoinAddress } from './parseBitcoinAddress.js'
