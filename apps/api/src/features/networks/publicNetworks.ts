import type { NetworksResponse } from '@stratos/schemas'
import type { AppDeps } from '../../context.js'
import { selectNetworks, selectTokens } from '../../networks/networkQueries.js'

/**
 * GET /api/networks: the enabled networks with their enabled tokens, in order, as a wallet needs
 * them. Never an endpoint, key or indexer URL: the browser reaches a chain through the proxy.
 */
export async function listNetworks(deps: Pick<AppDeps, 'db'>): Promise<NetworksResponse> {
  const [networks, tokens] = await Promise.all([selectNetworks(deps.db), selectTokens(deps.db)])
  return {
    networks: networks
      .filter((network) => network.enabled)
      .map((network) => ({
        id: network.id,
        family: network.family,
        name: network.name,
        testnet: network.testnet,
        chainId: network.chainId,
        bitcoinNetwork: network.bitcoinNetwork,
        tonNetwork: network.tonNetwork,
        nativeSymbol: network.nativeSymbol,
        nativeDecimals: network.nativeDecimals,
        nativePriceId: network.nativePriceId,
        explorerTxUrl: network.explorerTxUrl,
        explorerAddressUrl: network.explorerAddressUrl,
        hasIndexer: network.hasIndexer,
        tokens: tokens
          .filter((token) => token.networkId === network.id && token.enabled)
          .map((token) => ({
            id: token.id,
            address: token.address,
            symbol: token.symbol,
            decimals: token.decimals,
            icon: token.icon,
            priceId: token.priceId,
          })),
      })),
  }
}
