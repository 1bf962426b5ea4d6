/** TON: the toncenter v2 adapter (native TON and TEP-74 jettons, wallet v5r1 senders). */
export { type CreateTonAdapterOptions, createTonAdapter, tonNetworkId } from './createTonAdapter.js'
export { tonUpstream } from './toncenter.js'
