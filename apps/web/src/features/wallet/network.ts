import type { Balances } from '@stratos/chains'
import type { Vault } from '@stratos/keys'
import type { ChainAddresses, PublicNetwork } from '@stratos/schemas'

/** One network of the instance as the wallet sees it (no endpoint, no key: those stay on the server). */
export type WalletNetwork = PublicNetwork

/** One asset of a network as the wallet shows it: `token` is undefined for the native coin. */
export interface WalletAsset {
  token: string | undefined
  symbol: string
  decimals: number
  priceId: string | null
}

/** The native coin, then the listed tokens in the admin's order (the order balances come in). */
export function networkAssets(network: WalletNetwork): WalletAsset[] {
  return [
    {
      token: undefined,
      symbol: network.nativeSymbol,
      decimals: network.nativeDecimals,
      priceId: network.nativePriceId,
    },
    ...network.tokens.map((t) => ({
      token: t.address,
      symbol: t.symbol,
      decimals: t.decimals,
      priceId: t.priceId,
    })),
  ]
}

/** What `balances` holds of each of `networkAssets` (same order); undefined while not loaded. */
export function assetAmounts(balances: Balances | undefined, network: WalletNetwork): (bigint | undefined)[] {
  return [balances?.native, ...network.tokens.map((_, i) => balances && (balances.tokens[i]?.amount ?? 0n))]
}

/**
 * The account's address on `network`. Mainnet Bitcoin and TON, and every EVM, Solana and TRON
 * network, use the address the server stores; Bitcoin test networks (coin type 1', `tb`/`bcrt`)
 * and TON testnet (another wallet id) have addresses of their own, derived while unlocked.
 * Null when locked on such a network.
 */
export function accountAddress(
  network: WalletNetwork,
  stored: ChainAddresses,
  vault: Vault | null,
): string | null {
  switch (network.family) {
    case 'evm':
      return stored.evm
    case 'solana':
      return stored.solana
    case 'tron':
      return stored.tron
    case 'bitcoin': {
      const bitcoinNetwork = network.bitcoinNetwork ?? 'mainnet'
      if (bitcoinNetwork === 'mainnet') return stored.bitcoin
      return vault ? vault.addresses({ bitcoinNetwork }).bitcoin : null
    }
    case 'ton': {
      if ((network.tonNetwork ?? 'mainnet') === 'mainnet') return stored.ton
      return vault ? vault.addresses({ tonNetwork: 'testnet' }).ton : null
    }
  }
}

/** The explorer page of a transaction or an address, when the network has an explorer. */
export function explorerLink(template: string | null, value: string, key: 'tx' | 'address') {
  return template ? template.replaceAll(`{${key}}`, encodeURIComponent(value)) : undefined
}

/** What a network is called in the wallet: its name, with "test network" when it is one. */
export function networkSubtitle(network: WalletNetwork): string {
  const kind = {
    evm: `EVM${network.chainId === null ? '' : ` · chain id ${network.chainId}`}`,
    solana: 'Solana',
    bitcoin: `Bitcoin${network.bitcoinNetwork && network.bitcoinNetwork !== 'mainnet' ? ` ${network.bitcoinNetwork}` : ''}`,
    tron: 'TRON',
    ton: 'TON',
  }[network.family]
  return kind
}
