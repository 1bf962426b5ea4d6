import type { UpstreamAllowlist } from '../ChainAdapter.js'

const BASE58_ADDRESS = 'T[1-9A-HJ-NP-Za-km-z]{33}'

/**
 * Exactly the upstream calls the TRON adapter makes: java-tron full node HTTP API (`/wallet/*`,
 * https://tronprotocol.github.io/documentation-en/api/http/) and TronGrid's account history
 * (`/v1/accounts/:address/transactions[/trc20]`, https://github.com/TRON-US/trongrid). TronGrid
 * serves both under one base URL (`https://api.trongrid.io`, `https://nile.trongrid.io`).
 */
export const tronUpstream = {
  kind: 'http',
  routes: [
    { method: 'POST', path: /^\/wallet\/getnowblock$/ },
    { method: 'POST', path: /^\/wallet\/getblockbynum$/ },
    { method: 'POST', path: /^\/wallet\/getaccount$/ },
    { method: 'POST', path: /^\/wallet\/getaccountresource$/ },
    { method: 'POST', path: /^\/wallet\/getchainparameters$/ },
    { method: 'POST', path: /^\/wallet\/createtransaction$/ },
    { method: 'POST', path: /^\/wallet\/triggersmartcontract$/ },
    { method: 'POST', path: /^\/wallet\/triggerconstantcontract$/ },
    { method: 'POST', path: /^\/wallet\/broadcasttransaction$/ },
    { method: 'POST', path: /^\/wallet\/gettransactioninfobyid$/ },
    { method: 'GET', path: new RegExp(`^/v1/accounts/${BASE58_ADDRESS}/transactions$`) },
    { method: 'GET', path: new RegExp(`^/v1/accounts/${BASE58_ADDRESS}/transactions/trc20$`) },
  ],
} as const satisfies UpstreamAllowlist
