import type { Database, NetworkRow, TokenRow } from '@stratos/db/portable'
import type { NetworkFamily } from '@stratos/schemas'
import type { Kysely } from 'kysely'

/** A network as stored, secrets still sealed. */
export interface StoredNetwork {
  id: string
  family: NetworkFamily
  name: string
  testnet: boolean
  chainId: number | null
  bitcoinNetwork: 'mainnet' | 'testnet' | 'regtest' | null
  tonNetwork: 'mainnet' | 'testnet' | null
  genesisHash: string | null
  nativeSymbol: string
  nativeDecimals: number
  nativePriceId: string | null
  explorerTxUrl: string | null
  explorerAddressUrl: string | null
  apiKeyHeader: string | null
  hasIndexer: boolean
  /** Sealed `NetworkSecrets` (`networkSecrets.ts`). */
  sealedSecrets: string
  enabled: boolean
  position: number
  createdAt: string
  updatedAt: string
}

/** A token as stored. */
export interface StoredToken {
  id: string
  networkId: string
  address: string
  symbol: string
  decimals: number
  icon: string | null
  priceId: string | null
  enabled: boolean
  position: number
  createdAt: string
  updatedAt: string
}

function toNetwork(row: NetworkRow): StoredNetwork {
  return {
    id: row.id,
    family: row.family,
    name: row.name,
    testnet: Boolean(row.testnet),
    chainId: row.chain_id === null ? null : Number(row.chain_id),
    bitcoinNetwork: row.bitcoin_network,
    tonNetwork: row.ton_network,
    genesisHash: row.genesis_hash,
    nativeSymbol: row.native_symbol,
    nativeDecimals: Number(row.native_decimals),
    nativePriceId: row.native_price_id,
    explorerTxUrl: row.explorer_tx_url,
    explorerAddressUrl: row.explorer_address_url,
    apiKeyHeader: row.api_key_header,
    hasIndexer: Boolean(row.has_indexer),
    sealedSecrets: row.secrets,
    enabled: Boolean(row.enabled),
    position: Number(row.position),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** The row of a network (every column). */
export function networkRow(network: StoredNetwork): NetworkRow {
  return {
    id: network.id,
    family: network.family,
    name: network.name,
    testnet: network.testnet ? 1 : 0,
    chain_id: network.chainId === null ? null : String(network.chainId),
    bitcoin_network: network.bitcoinNetwork,
    ton_network: network.tonNetwork,
    genesis_hash: network.genesisHash,
    native_symbol: network.nativeSymbol,
    native_decimals: network.nativeDecimals,
    native_price_id: network.nativePriceId,
    explorer_tx_url: network.explorerTxUrl,
    explorer_address_url: network.explorerAddressUrl,
    api_key_header: network.apiKeyHeader,
    has_indexer: network.hasIndexer ? 1 : 0,
    secrets: network.sealedSecrets,
    enabled: network.enabled ? 1 : 0,
    position: network.position,
    created_at: network.createdAt,
    updated_at: network.updatedAt,
  }
}

function toToken(row: TokenRow): StoredToken {
  return {
    id: row.id,
    networkId: row.network_id,
    address: row.address,
    symbol: row.symbol,
    decimals: Number(row.decimals),
    icon: row.icon,
    priceId: row.price_id,
    enabled: Boolean(row.enabled),
    position: Number(row.position),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** The row of a token (every column). */
export function tokenRow(token: StoredToken): TokenRow {
  return {
    id: token.id,
    network_id: token.networkId,
    address: token.address,
    symbol: token.symbol,
    decimals: token.decimals,
    icon: token.icon,
    price_id: token.priceId,
    enabled: token.enabled ? 1 : 0,
    position: token.position,
    created_at: token.createdAt,
    updated_at: token.updatedAt,
  }
}

/** Every network, in the order wallets show them. */
export async function selectNetworks(db: Kysely<Database>): Promise<StoredNetwork[]> {
  const rows = await db.selectFrom('networks').selectAll().orderBy('position').orderBy('id').execute()
  return rows.map(toNetwork)
}

export async function selectNetwork(db: Kysely<Database>, id: string): Promise<StoredNetwork | undefined> {
  const row = await db.selectFrom('networks').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toNetwork(row) : undefined
}

/** Every token (of one network when `networkId` is given), in order. */
export async function selectTokens(db: Kysely<Database>, networkId?: string): Promise<StoredToken[]> {
  const rows = await db
    .selectFrom('tokens')
    .selectAll()
    .$if(networkId !== undefined, (query) => query.where('network_id', '=', networkId!))
    .orderBy('network_id')
    .orderBy('position')
    .orderBy('id')
    .execute()
  return rows.map(toToken)
}

export async function selectToken(db: Kysely<Database>, id: string): Promise<StoredToken | undefined> {
  const row = await db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toToken(row) : undefined
}

/** The token of a network at `address`, if the network lists it. */
export async function selectTokenAt(
  db: Kysely<Database>,
  networkId: string,
  address: string,
): Promise<StoredToken | undefined> {
  const row = await db
    .selectFrom('tokens')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('address', '=', address)
    .executeTakeFirst()
  return row ? toToken(row) : undefined
}

/** The position after the last network's (0 for the first). */
export async function nextNetworkPosition(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('networks')
    .select((eb) => eb.fn.max('position').as('last'))
    .executeTakeFirst()
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1
}

/** The position after the network's last token's (0 for the first). */
export async function nextTokenPosition(db: Kysely<Database>, networkId: string): Promise<number> {
  const row = await db
    .selectFrom('tokens')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('network_id', '=', networkId)
    .executeTakeFirst()
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1
}
