import type { ChainFamily, TokenRef } from '@stratos/chains'
import type { Database } from '@stratos/db/portable'
import type { Kysely } from 'kysely'
import { networkRow, nextNetworkPosition, nextTokenPosition, tokenRow } from './networkQueries.js'
import { sealNetworkSecrets } from './networkSecrets.js'

/** A local chain of the dev stack as a network of the instance. */
export interface DevNetwork {
  id: string
  family: ChainFamily
  name: string
  /** What the chain says it is: EVM chain id, Solana/TRON genesis, Bitcoin network, TON global id. */
  networkId: string
  nativeSymbol: string
  nativeDecimals: number
  /** Where it listens this run: it changes with every start. */
  endpoint: string
  tokens: TokenRef[]
}

/** The columns a family's network id fills. */
function identityColumns(network: DevNetwork) {
  return {
    chainId: network.family === 'evm' ? Number(network.networkId) : null,
    bitcoinNetwork:
      network.family === 'bitcoin' ? (network.networkId as 'mainnet' | 'testnet' | 'regtest') : null,
    tonNetwork: network.family === 'ton' ? (network.networkId === '-239' ? 'mainnet' : 'testnet') : null,
    genesisHash: network.family === 'solana' || network.family === 'tron' ? network.networkId : null,
  } as const
}

/**
 * `stratos dev`: the local chains as the instance's networks, each with its test token. A network
 * seen before keeps what an admin changed (name, order, enabled) and gets this run's endpoint and
 * token address (local chains start fresh); a new one is added at the end, marked a test network.
 */
export async function upsertDevNetworks(
  db: Kysely<Database>,
  instanceKey: string,
  networks: readonly DevNetwork[],
  now: Date,
): Promise<void> {
  const at = now.toISOString()
  for (const network of networks) {
    const secrets = await sealNetworkSecrets(instanceKey, network.id, {
      endpoint: network.endpoint,
      apiKey: null,
      indexerUrl: null,
    })
    const row = networkRow({
      id: network.id,
      family: network.family,
      name: network.name,
      testnet: true,
      ...identityColumns(network),
      nativeSymbol: network.nativeSymbol,
      nativeDecimals: network.nativeDecimals,
      nativePriceId: null,
      explorerTxUrl: null,
      explorerAddressUrl: null,
      apiKeyHeader: null,
      hasIndexer: false,
      sealedSecrets: secrets,
      enabled: true,
      position: await nextNetworkPosition(db),
      createdAt: at,
      updatedAt: at,
    })
    await db
      .insertInto('networks')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ secrets: row.secrets, genesis_hash: row.genesis_hash, updated_at: at }),
      )
      .execute()
    for (const token of network.tokens) {
      const id = `${network.id}-${token.symbol.toLowerCase()}`
      const tokenValues = tokenRow({
        id,
        networkId: network.id,
        address: token.address,
        symbol: token.symbol,
        decimals: token.decimals,
        icon: null,
        priceId: null,
        enabled: true,
        position: await nextTokenPosition(db, network.id),
        createdAt: at,
        updatedAt: at,
      })
      await db
        .insertInto('tokens')
        .values(tokenValues)
        .onConflict((oc) => oc.column('id').doUpdateSet({ address: token.address, updated_at: at }))
        .execute()
    }
  }
}
