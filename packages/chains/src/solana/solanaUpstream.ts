import type { UpstreamAllowlist } from '../ChainAdapter.js'

/**
 * Exactly the Solana JSON-RPC methods `createSolanaAdapter` calls: what the API's browser proxy
 * lets through to a Solana endpoint. `createSolanaAdapter.test.ts` checks every call against it.
 */
export const solanaUpstream = {
  kind: 'json-rpc',
  methods: [
    'getGenesisHash',
    'getSlot',
    'getBalance',
    'getAccountInfo',
    'getTokenAccountsByOwner',
    'getLatestBlockhash',
    'getFeeForMessage',
    'getMinimumBalanceForRentExemption',
    'sendTransaction',
    'getSignatureStatuses',
    'getSignaturesForAddress',
    'getTransaction',
  ],
} as const satisfies UpstreamAllowlist
