import { NETWORK, TEST_NETWORK } from '@scure/btc-signer'
import type { BTC_NETWORK } from '@scure/btc-signer/utils.js'

/** The Bitcoin networks a Stratos account has an address on (BIP-84 coin type 0' or 1'). */
export type BitcoinNetworkName = 'mainnet' | 'testnet' | 'regtest'

/** Address prefixes per network; regtest's `bcrt` bech32 prefix is Bitcoin Core's (chainparams.cpp). */
export const BITCOIN_NETWORKS: Record<BitcoinNetworkName, BTC_NETWORK> = {
  mainnet: NETWORK,
  testnet: TEST_NETWORK,
  regtest: { ...TEST_NETWORK, bech32: 'bcrt' },
}

/**
 * Genesis block hashes (Bitcoin Core `chainparams.cpp`), which is what `GET /block-height/0`
 * answers. testnet3, testnet4 and signet share the `tb` prefix and coin type 1', so all three are
 * `testnet` to the wallet. `genesisBlockHash.test.ts` recomputes each from its header.
 */
export const GENESIS_BLOCK_HASHES: Record<string, { network: BitcoinNetworkName; name: string }> = {
  '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f': { network: 'mainnet', name: 'mainnet' },
  '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943': {
    network: 'testnet',
    name: 'testnet3',
  },
  '00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043': {
    network: 'testnet',
    name: 'testnet4',
  },
  '00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6': { network: 'testnet', name: 'signet' },
  '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206': { network: 'regtest', name: 'regtest' },
}

/** Throws a `TypeError` naming the value when `network` is not one of the three. */
export function assertBitcoinNetwork(network: unknown): asserts network is BitcoinNetworkName {
  if (network !== 'mainnet' && network !== 'testnet' && network !== 'regtest')
    throw new TypeError(`network: expected 'mainnet', 'testnet' or 'regtest', got '${String(network)}'`)
}
