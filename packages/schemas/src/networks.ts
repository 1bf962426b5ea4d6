import { z } from 'zod'

/**
 * Networks and tokens: the chains an instance offers its wallets, set by its admins. A network's
 * endpoint (which may carry a provider's key in its URL) and its API key stay on the server: users
 * see neither, admins see the endpoint with credentials redacted and whether a key is set.
 */

/** The chain families a network can be (Canton is configured apart). */
export const NETWORK_FAMILIES = ['evm', 'solana', 'bitcoin', 'tron', 'ton'] as const
export const NetworkFamily = z.enum(NETWORK_FAMILIES)
export type NetworkFamily = z.infer<typeof NetworkFamily>

export const BitcoinNetwork = z.enum(['mainnet', 'testnet', 'regtest'])
export type BitcoinNetwork = z.infer<typeof BitcoinNetwork>
export const TonNetwork = z.enum(['mainnet', 'testnet'])
export type TonNetwork = z.infer<typeof TonNetwork>

/** A network's id: a slug used in URLs (`/api/chains/:networkId`). */
export const NetworkId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected 1-40 lowercase letters, digits or "-", not starting with "-"')
/** A token's id: made by the server when the token is added. */
export const TokenId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a token id')

const displayName = z.string().trim().min(1, 'expected a name').max(64, 'at most 64 characters')
const symbol = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.$_-]{1,16}$/, 'expected 1-16 letters, digits, ".", "$", "_" or "-"')
const decimals = z.number().int().min(0).max(36)
/** A CoinGecko-style coin id (`ethereum`, `usd-coin`) for the price provider. */
const priceId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'expected a price id like "usd-coin"')

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .max(2048, 'at most 2048 characters')
    .refine((text) => {
      try {
        const url = new URL(text)
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === ''
      } catch {
        return false
      }
    }, `expected the ${what} as an http(s) URL without a #fragment`)

const template = (placeholder: '{tx}' | '{address}') =>
  httpUrl('explorer link')
    .refine((text) => text.includes(placeholder), `expected ${placeholder} in the link`)
    .nullable()

/**
 * Headers an API key may not be sent as: they carry the request's own framing, origin or
 * credentials of ours.
 */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'cookie',
  'origin',
  'referer',
  'accept-encoding',
])

/** An upstream API key, sent as the header `header` with every request to the endpoint. */
export const NetworkApiKey = z.object({
  header: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'expected a header name like X-API-Key')
    .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), 'this header cannot carry an API key'),
  value: z.string().regex(/^[\x21-\x7e]{1,512}$/, 'expected 1-512 visible ASCII characters'),
})
export type NetworkApiKey = z.infer<typeof NetworkApiKey>

/** What identifies a network, per family: compared with what its endpoint reports when saved. */
const familyFields = {
  /** EVM: the chain id the endpoint must report. */
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable(),
  /** Bitcoin: which network the Esplora endpoint serves. */
  bitcoinNetwork: BitcoinNetwork.nullable(),
  /** TON: which network the toncenter endpoint serves. */
  tonNetwork: TonNetwork.nullable(),
  /**
   * Solana and TRON: the genesis hash (Solana) or block id (TRON) the endpoint must report; left
   * empty, the one the endpoint reports when the network is added is kept.
   */
  genesisHash: z
    .string()
    .regex(/^[A-Za-z0-9]{32,128}$/, 'expected the genesis hash as letters and digits')
    .nullable(),
}

/** The fields of a network an admin sets (POST /api/admin/networks). */
const networkFields = {
  name: displayName,
  testnet: z.boolean(),
  ...familyFields,
  nativeSymbol: symbol,
  nativeDecimals: decimals,
  nativePriceId: priceId.nullable(),
  /** `{tx}` is replaced by the transaction id. */
  explorerTxUrl: template('{tx}'),
  /** `{address}` is replaced by the address. */
  explorerAddressUrl: template('{address}'),
  enabled: z.boolean(),
}

const requiredByFamily: Record<NetworkFamily, (keyof typeof familyFields)[]> = {
  evm: ['chainId'],
  solana: [],
  bitcoin: ['bitcoinNetwork'],
  tron: [],
  ton: ['tonNetwork'],
}
const allowedByFamily: Record<NetworkFamily, (keyof typeof familyFields | 'indexerUrl')[]> = {
  evm: ['chainId', 'indexerUrl'],
  solana: ['genesisHash'],
  bitcoin: ['bitcoinNetwork'],
  tron: ['genesisHash'],
  ton: ['tonNetwork'],
}

/** A field of another family, or a missing one this family needs: where, and what is wrong. */
function familyFieldIssues(
  network: Partial<Record<keyof typeof familyFields | 'indexerUrl', unknown>>,
  family: NetworkFamily,
  partial: boolean,
): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = []
  for (const field of [...Object.keys(familyFields), 'indexerUrl'] as (keyof typeof network)[]) {
    const value = network[field]
    const given = value !== undefined && value !== null
    const required = requiredByFamily[family].includes(field as keyof typeof familyFields)
    if (given && !allowedByFamily[family].includes(field))
      issues.push({ path: field, message: `a ${family} network has no ${field}` })
    if (required && (partial ? value === null : !given))
      issues.push({ path: field, message: `a ${family} network needs its ${field}` })
  }
  return issues
}

/** POST /api/admin/networks: a network to add, checked against its endpoint before it is saved. */
export const AdminNetworkRequest = z
  .object({
    id: NetworkId,
    family: NetworkFamily,
    ...networkFields,
    chainId: familyFields.chainId.default(null),
    bitcoinNetwork: familyFields.bitcoinNetwork.default(null),
    tonNetwork: familyFields.tonNetwork.default(null),
    genesisHash: familyFields.genesisHash.default(null),
    nativePriceId: networkFields.nativePriceId.default(null),
    explorerTxUrl: networkFields.explorerTxUrl.default(null),
    explorerAddressUrl: networkFields.explorerAddressUrl.default(null),
    enabled: z.boolean().default(true),
    /** The node's JSON-RPC URL, or the HTTP API's base (Esplora, TRON HTTP API, toncenter v2). */
    endpoint: httpUrl('endpoint'),
    apiKey: NetworkApiKey.nullable().default(null),
    /** EVM: an indexer for history where JSON-RPC cannot list it. */
    indexerUrl: httpUrl('indexer URL').nullable().default(null),
  })
  .strict()
  .superRefine((network, ctx) => {
    for (const { path, message } of familyFieldIssues(network, network.family, false))
      ctx.addIssue({ code: 'custom', path: [path], message })
  })
export type AdminNetworkRequest = z.infer<typeof AdminNetworkRequest>
/** What a client sends to add a network (fields with a default may be left out). */
export type AdminNetworkInput = z.input<typeof AdminNetworkRequest>

/**
 * PATCH /api/admin/networks/:id: the fields to change (id and family stay). `endpoint` absent keeps
 * the stored one; `apiKey` absent keeps it, null removes it. A change of the endpoint or of what
 * identifies the network is checked against the endpoint again.
 */
export const AdminNetworkUpdateRequest = z
  .object({
    ...networkFields,
    endpoint: httpUrl('endpoint'),
    apiKey: NetworkApiKey.nullable(),
    indexerUrl: httpUrl('indexer URL').nullable(),
  })
  .partial()
  .strict()
export type AdminNetworkUpdateRequest = z.infer<typeof AdminNetworkUpdateRequest>

/** The first problem of an update for a network of `family` (the family is not in the request). */
export function checkNetworkUpdate(
  update: AdminNetworkUpdateRequest,
  family: NetworkFamily,
): { path: string; message: string } | undefined {
  return familyFieldIssues(update, family, true)[0]
}

/** A network as admins see it: the endpoint with credentials redacted, whether a key is set. */
export const AdminNetwork = z.object({
  id: NetworkId,
  family: NetworkFamily,
  ...networkFields,
  /** The endpoint with its user info, query values and key-like path segments replaced by `***`. */
  endpoint: z.string(),
  /** The header the API key is sent as, when one is set; never the key. */
  apiKeyHeader: z.string().nullable(),
  /** The indexer URL, redacted as the endpoint is. */
  indexerUrl: z.string().nullable(),
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type AdminNetwork = z.infer<typeof AdminNetwork>

/** What one icon may be: a data URL of an image (the pages' CSP loads images from data: only). */
const icon = z
  .string()
  .max(64 * 1024, 'at most 64 KiB')
  .regex(
    /^data:image\/(png|jpeg|webp|gif|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/,
    'expected the icon as a data: URL of a PNG, JPEG, WebP, GIF or SVG image (base64)',
  )
  .nullable()

/** The fields of a token an admin sets. */
const tokenFields = {
  symbol,
  decimals,
  icon,
  priceId: priceId.nullable(),
  enabled: z.boolean(),
}

/**
 * POST /api/admin/tokens: a token of a network (ERC-20, SPL mint, TRC-20, jetton master), checked
 * on chain before it is saved: the contract exists and reports `decimals`.
 */
export const AdminTokenRequest = z
  .object({
    networkId: NetworkId,
    /** Contract, mint or jetton master address, in the chain's usual text form. */
    address: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9:_+/=-]{20,100}$/, 'expected the token address as the chain writes it'),
    ...tokenFields,
    icon: icon.default(null),
    priceId: tokenFields.priceId.default(null),
    enabled: z.boolean().default(true),
  })
  .strict()
export type AdminTokenRequest = z.infer<typeof AdminTokenRequest>
/** What a client sends to add a token (fields with a default may be left out). */
export type AdminTokenInput = z.input<typeof AdminTokenRequest>

/** PATCH /api/admin/tokens/:id: the fields to change; a new `decimals` is checked on chain again. */
export const AdminTokenUpdateRequest = z.object(tokenFields).partial().strict()
export type AdminTokenUpdateRequest = z.infer<typeof AdminTokenUpdateRequest>

export const AdminToken = z.object({
  id: TokenId,
  networkId: NetworkId,
  address: z.string(),
  ...tokenFields,
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type AdminToken = z.infer<typeof AdminToken>

/** GET /api/admin/networks: every network and token, in their order. */
export const AdminNetworksResponse = z.object({
  networks: z.array(AdminNetwork),
  tokens: z.array(AdminToken),
})
export type AdminNetworksResponse = z.infer<typeof AdminNetworksResponse>

/** PUT /api/admin/networks/order: every network id, in the order wallets show them. */
export const AdminNetworkOrderRequest = z
  .object({ ids: z.array(NetworkId).max(200) })
  .strict()
  .refine((order) => new Set(order.ids).size === order.ids.length, 'ids must not repeat')
export type AdminNetworkOrderRequest = z.infer<typeof AdminNetworkOrderRequest>

/** PUT /api/admin/networks/:id/token-order: every token id of the network, in order. */
export const AdminTokenOrderRequest = z
  .object({ ids: z.array(TokenId).max(500) })
  .strict()
  .refine((order) => new Set(order.ids).size === order.ids.length, 'ids must not repeat')
export type AdminTokenOrderRequest = z.infer<typeof AdminTokenOrderRequest>

export const NetworkParams = z.object({ id: NetworkId })
export const TokenParams = z.object({ id: TokenId })

/** A token as wallets see it. */
export const PublicToken = z.object({
  id: TokenId,
  address: z.string(),
  symbol: z.string(),
  decimals: z.number().int(),
  icon: z.string().nullable(),
  priceId: z.string().nullable(),
})
export type PublicToken = z.infer<typeof PublicToken>

/**
 * A network as wallets see it: what they need to show balances, send and link to an explorer. The
 * browser reaches its chain through `/api/chains/:id` (JSON-RPC) or `/api/chains/:id/...` (HTTP).
 */
export const PublicNetwork = z.object({
  id: NetworkId,
  family: NetworkFamily,
  name: z.string(),
  testnet: z.boolean(),
  chainId: z.number().int().nullable(),
  bitcoinNetwork: BitcoinNetwork.nullable(),
  tonNetwork: TonNetwork.nullable(),
  nativeSymbol: z.string(),
  nativeDecimals: z.number().int(),
  nativePriceId: z.string().nullable(),
  explorerTxUrl: z.string().nullable(),
  explorerAddressUrl: z.string().nullable(),
  /** EVM: whether the instance has an indexer for this network's history. */
  hasIndexer: z.boolean(),
  tokens: z.array(PublicToken),
})
export type PublicNetwork = z.infer<typeof PublicNetwork>

/** GET /api/networks: the enabled networks with their enabled tokens, in order. */
export const NetworksResponse = z.object({ networks: z.array(PublicNetwork) })
export type NetworksResponse = z.infer<typeof NetworksResponse>

/** `/api/chains/:networkId/*`: the network, and the upstream path after the endpoint's base. */
export const ChainProxyParams = z.object({ networkId: NetworkId, path: z.string().max(2048) })
export const ChainRpcParams = z.object({ networkId: NetworkId })
