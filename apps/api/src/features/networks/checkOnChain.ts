import type { ChainAdapter, NetworkIdentity, TokenInfo } from '@stratos/chains'
import type { NetworkFamily } from '@stratos/schemas'
import { keyedFetch, type NetworkConnection } from '../../chains/chainFamilies.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { type NetworkSecrets, withoutSecrets } from '../../networks/networkSecrets.js'

/** What identifies a network to check: its family and the fields that name its chain. */
export interface NetworkToCheck {
  id: string
  name: string
  family: NetworkFamily
  chainId: number | null
  bitcoinNetwork: 'mainnet' | 'testnet' | 'regtest' | null
  tonNetwork: 'mainnet' | 'testnet' | null
  genesisHash: string | null
}

/** TON's global ids (the config's parameter 19): what a toncenter endpoint reports. */
const TON_GLOBAL_IDS = { mainnet: '-239', testnet: '-3' } as const

/** The id `identify()` must report for the network, or undefined when any (first save of a genesis). */
function expectedId(network: NetworkToCheck): string | undefined {
  switch (network.family) {
    case 'evm':
      return network.chainId === null ? undefined : String(network.chainId)
    case 'bitcoin':
      return network.bitcoinNetwork ?? undefined
    case 'ton':
      return network.tonNetwork ? TON_GLOBAL_IDS[network.tonNetwork] : undefined
    case 'solana':
    case 'tron':
      return network.genesisHash ?? undefined
  }
}

/** An id as a person reads it: "chain id 31337", "the Bitcoin network regtest". */
function describeId(family: NetworkFamily, id: string): string {
  switch (family) {
    case 'evm':
      return `chain id ${id}`
    case 'bitcoin':
      return `the Bitcoin network ${id}`
    case 'ton': {
      const name = Object.entries(TON_GLOBAL_IDS).find(([, value]) => value === id)?.[0]
      return `TON global id ${id}${name ? ` (${name})` : ''}`
    }
    case 'solana':
      return `the Solana genesis hash ${id}`
    case 'tron':
      return `the TRON genesis block ${id}`
  }
}

/** The adapter of a network for its (unsealed) secrets. */
export function adapterFor(
  deps: Pick<AppDeps, 'chainAdapter'>,
  network: NetworkToCheck,
  secrets: NetworkSecrets,
): ChainAdapter {
  const connection: NetworkConnection = {
    id: network.id,
    family: network.family,
    endpoint: secrets.endpoint,
    fetch: keyedFetch((input, init) => fetch(input, init), secrets.apiKey),
    chainId: network.chainId,
    bitcoinNetwork: network.bitcoinNetwork,
    tonNetwork: network.tonNetwork,
    indexerUrl: secrets.indexerUrl,
  }
  return deps.chainAdapter(connection)
}

/** The error's code when it is a `ChainsError` (or anything carrying a string code). */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** A safe, short account of an adapter's failure: its short message without the network's secrets. */
function reasonOf(error: unknown, secrets: NetworkSecrets): string {
  const short = (error as { shortMessage?: unknown } | null)?.shortMessage
  const text = typeof short === 'string' ? short : error instanceof Error ? error.message : String(error)
  return withoutSecrets(text, secrets).slice(0, 300)
}

/**
 * Asks the endpoint which chain it serves and compares it with the configuration: 422
 * NETWORK_UNREACHABLE when it does not answer as one of its family, 422 WRONG_NETWORK naming both
 * ids when it serves another chain. Returns what it reported.
 */
export async function checkNetwork(
  deps: Pick<AppDeps, 'chainAdapter'>,
  network: NetworkToCheck,
  secrets: NetworkSecrets,
): Promise<NetworkIdentity> {
  const adapter = adapterFor(deps, network, secrets)
  let identity: NetworkIdentity
  try {
    identity = await adapter.identify()
  } catch (error) {
    throw new ApiError(
      422,
      'NETWORK_UNREACHABLE',
      `The endpoint did not answer as a ${network.family} endpoint (${reasonOf(error, secrets)})`,
    )
  }
  const expected = expectedId(network)
  if (identity.family !== network.family || (expected !== undefined && identity.id !== expected)) {
    const served =
      identity.family === network.family
        ? describeId(network.family, identity.id)
        : `a ${identity.family} network`
    throw new ApiError(
      422,
      'WRONG_NETWORK',
      `The endpoint serves ${served}, not the configured ${describeId(network.family, expected ?? '')}`,
    )
  }
  return identity
}

/**
 * Reads the token contract on the network and compares its decimals: 422 TOKEN_NOT_FOUND when
 * there is none at the address, 422 TOKEN_DECIMALS_MISMATCH naming both counts.
 */
export async function checkToken(
  deps: Pick<AppDeps, 'chainAdapter'>,
  network: NetworkToCheck,
  secrets: NetworkSecrets,
  token: { address: string; decimals: number },
): Promise<TokenInfo> {
  const adapter = adapterFor(deps, network, secrets)
  let info: TokenInfo
  try {
    info = await adapter.getToken(token.address)
  } catch (error) {
    const code = codeOf(error)
    if (code === 'TOKEN_NOT_FOUND')
      throw new ApiError(
        422,
        'TOKEN_NOT_FOUND',
        `There is no token contract at ${token.address} on ${network.name}`,
      )
    if (code === 'INVALID_ADDRESS')
      throw new ApiError(
        400,
        'INVALID_BODY',
        `address: ${token.address} is not a ${network.family} address (${reasonOf(error, secrets)})`,
      )
    throw new ApiError(
      422,
      'NETWORK_UNREACHABLE',
      `The token could not be read from ${network.name} (${reasonOf(error, secrets)})`,
    )
  }
  if (info.decimals !== token.decimals)
    throw new ApiError(
      422,
      'TOKEN_DECIMALS_MISMATCH',
      `The contract at ${token.address} reports ${info.decimals} decimals, not the ${token.decimals} given`,
    )
  return info
}
