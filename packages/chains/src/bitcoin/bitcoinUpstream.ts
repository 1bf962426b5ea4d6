import type { UpstreamAllowlist } from '../ChainAdapter.js'

const ADDRESS = '[A-Za-z0-9]{14,90}'
const TXID = '[0-9a-f]{64}'

/**
 * Exactly the Esplora calls `createBitcoinAdapter` makes (Blockstream/esplora API.md), for the
 * API's browser proxy. Paths are after the endpoint's base (`https://blockstream.info/api`).
 */
export const bitcoinUpstream = {
  kind: 'http',
  routes: [
    /** identify: the tip height. */
    { method: 'GET', path: /^\/blocks\/tip\/height$/ },
    /** identify: the genesis block hash names the network. */
    { method: 'GET', path: /^\/block-height\/0$/ },
    /** getBalances: chain_stats and mempool_stats. */
    { method: 'GET', path: new RegExp(`^/address/${ADDRESS}$`) },
    /** estimateFee, prepareTransfer: the sender's outputs. */
    { method: 'GET', path: new RegExp(`^/address/${ADDRESS}/utxo$`) },
    /** getHistory's first page (pending and 25 confirmed); which pending outputs are own change. */
    { method: 'GET', path: new RegExp(`^/address/${ADDRESS}/txs$`) },
    /** getHistory's next pages: 25 confirmed after the last seen. */
    { method: 'GET', path: new RegExp(`^/address/${ADDRESS}/txs/chain/${TXID}$`) },
    /** estimateFee, prepareTransfer: sat/vB per confirmation target. */
    { method: 'GET', path: /^\/fee-estimates$/ },
    /** broadcast: raw transaction hex in, txid out. */
    { method: 'POST', path: /^\/tx$/ },
    /** getTransactionStatus: status, or 404 once replaced or dropped. */
    { method: 'GET', path: new RegExp(`^/tx/${TXID}$`) },
  ],
} as const satisfies UpstreamAllowlist
