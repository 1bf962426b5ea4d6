import { evmChain } from '@stratos/chains'
import { cantonDeFiVaultAbi } from '@stratos/contracts'
import {
  type Address,
  BaseError,
  createPublicClient,
  erc20Abi,
  formatUnits,
  type Hex,
  HttpRequestError,
  http,
  keccak256,
  type PublicClient,
  toBytes,
} from 'viem'
import type { ApiConfig } from '../config.js'
import { ApiError } from '../errors.js'
import type { StoredVault } from './vaults.js'

const clients = new WeakMap<ApiConfig['evm'], PublicClient>()

/** A viem client of the instance's EVM chain (one per configuration; polls fast: anvil mines at once). */
export function publicClientFor(evm: ApiConfig['evm']): PublicClient {
  let client = clients.get(evm)
  if (!client) {
    client = createPublicClient({
      chain: evmChain({ id: evm.chainId, rpcUrl: evm.rpcUrl, name: evm.name, symbol: evm.symbol }),
      transport: http(evm.rpcUrl, { retryCount: 1 }),
      pollingInterval: 100,
    }) as PublicClient
    clients.set(evm, client)
  }
  return client
}

/** 502 EVM_UNAVAILABLE: the node did not answer (its URL may hold a key: never in the message). */
export function chainUnavailable(cause: unknown): ApiError {
  return new ApiError(502, 'EVM_UNAVAILABLE', 'The EVM node did not answer; try again later', { cause })
}

/** The vault's balance of each of its assets (ERC-20 `balanceOf`), in whole units. */
export async function readVaultBalances(
  client: PublicClient,
  vault: StoredVault,
): Promise<{ symbol: string; address: string; decimals: number; balance: string }[]> {
  try {
    return await Promise.all(
      vault.assets.map(async (asset) => {
        const units = await client.readContract({
          address: asset.address,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [vault.address],
        })
        return { ...asset, balance: formatUnits(units, asset.decimals) }
      }),
    )
  } catch (cause) {
    throw chainUnavailable(cause)
  }
}

/** What a contract said about itself, or why it did not. */
type Answer<T> = { ok: true; value: T } | { ok: false }

async function ask<T>(read: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: true, value: await read() }
  } catch (error) {
    // A revert or undecodable answer is the contract's; an unreachable node is ours.
    if (error instanceof BaseError && error.walk((e) => e instanceof HttpRequestError))
      throw chainUnavailable(error)
    return { ok: false }
  }
}

const invalid = (message: string) => new ApiError(400, 'DEFI_VAULT_INVALID', message)

export interface CheckedVault {
  vaultId: Hex
}

/**
 * Checks on chain that `address` is the CantonDeFiVault of `partyId` with these adapters and
 * tokens: code at each address, `vaultId()`, `authorizedPartyKey() == keccak256(partyId)`
 * (CantonKeyRegistry.partyKey), `isAdapterAllowed(adapter)` for each adapter and each token's
 * `decimals()`. Throws 400 DEFI_VAULT_INVALID naming the field that did not match.
 */
export async function checkVaultOnChain(
  client: PublicClient,
  chainId: number,
  input: {
    partyId: string
    address: Address
    adapters: Record<'aaveV3' | 'uniswapV3' | 'compoundV2', Address>
    assets: { symbol: string; address: Address; decimals: number }[]
    cToken: Address | null
  },
): Promise<CheckedVault> {
  const hasCode = async (address: Address) => {
    const answer = await ask(() => client.getCode({ address }))
    return answer.ok && answer.value !== undefined && answer.value !== '0x'
  }
  if (!(await hasCode(input.address)))
    throw invalid(`address: there is no contract at ${input.address} on chain ${chainId}`)
  const vaultId = await ask(() =>
    client.readContract({ address: input.address, abi: cantonDeFiVaultAbi, functionName: 'vaultId' }),
  )
  if (!vaultId.ok)
    throw invalid(
      `address: the contract at ${input.address} does not answer vaultId() (not a CantonDeFiVault)`,
    )
  const partyKey = await ask(() =>
    client.readContract({
      address: input.address,
      abi: cantonDeFiVaultAbi,
      functionName: 'authorizedPartyKey',
    }),
  )
  if (!partyKey.ok)
    throw invalid(`address: the contract at ${input.address} does not answer authorizedPartyKey()`)
  const expected = keccak256(toBytes(input.partyId))
  if (partyKey.value.toLowerCase() !== expected)
    throw invalid(
      `partyId: the vault runs the intents of another party (authorizedPartyKey ${partyKey.value}, keccak256(partyId) ${expected})`,
    )
  for (const [name, adapter] of Object.entries(input.adapters)) {
    const allowed = await ask(() =>
      client.readContract({
        address: input.address,
        abi: cantonDeFiVaultAbi,
        functionName: 'isAdapterAllowed',
        args: [adapter],
      }),
    )
    if (!allowed.ok || !allowed.value)
      throw invalid(`adapters.${name}: ${adapter} is not allowed on the vault (isAdapterAllowed is false)`)
  }
  for (const [i, asset] of input.assets.entries()) {
    const decimals = await ask(() =>
      client.readContract({ address: asset.address, abi: erc20Abi, functionName: 'decimals' }),
    )
    if (!decimals.ok)
      throw invalid(
        `assets.${i}.address: ${asset.address} (${asset.symbol}) does not answer decimals() (not an ERC-20)`,
      )
    if (decimals.value !== asset.decimals)
      throw invalid(
        `assets.${i}.decimals: ${asset.symbol} has ${decimals.value} decimals on chain, not ${asset.decimals}`,
      )
  }
  if (input.cToken !== null && !(await hasCode(input.cToken)))
    throw invalid(`cToken: there is no contract at ${input.cToken} on chain ${chainId}`)
  return { vaultId: vaultId.value }
}
