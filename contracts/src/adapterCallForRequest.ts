import type { Address } from 'viem'
import { ContractsError } from './ContractsError.js'
import type { AdapterCall } from './encodeAdapterCall.js'
import { parseTokenAmount, type TokenUnit } from './parseTokenAmount.js'

/** Compound v2 cTokens have 8 decimals; `compoundV2.redeem` amounts are in cToken units. */
export const CTOKEN_DECIMALS = 8

/**
 * What a vault's owner asks it to do, tokens by symbol and amounts as decimal strings in whole
 * units (the shape of `@stratos/schemas` DefiIntentRequest).
 */
export type AdapterCallRequest =
  | { action: 'aaveV3.supply'; asset: string; amount: string }
  | { action: 'aaveV3.withdraw'; asset: string; amount: string }
  | {
      action: 'uniswapV3.swapExactInputSingle'
      tokenIn: string
      tokenOut: string
      amountIn: string
      amountOutMinimum: string
    }
  | { action: 'compoundV2.supply'; asset: string; amount: string }
  /** `amount` in cToken units (CTOKEN_DECIMALS). */
  | { action: 'compoundV2.redeem'; amount: string }

/** The vault a request runs on: its tokens, its adapters (zero address: none), cToken and swap fee tier. */
export interface AdapterCallVault {
  assets: readonly { symbol: string; address: string; decimals: number }[]
  adapters: { aaveV3: string; uniswapV3: string; compoundV2: string }
  /** Where the Compound-shaped adapter supplies, when configured. */
  cToken: string | null
  /** Uniswap v3 fee tier in hundredths of a bip. */
  swapFee: number
}

export interface AdapterCallForRequestReturnType {
  /** The vault's adapter that runs the action (the intent's `adapter`). */
  adapter: Address
  /** The adapter call, amounts in the tokens' units (see encodeAdapterCall). */
  call: AdapterCall
}

/**
 * ContractsError with a `field` (`asset`, `tokenIn`, `tokenOut`, `amount`, `amountIn`,
 * `amountOutMinimum` or `action`) and one of the codes UNKNOWN_ASSET, SAME_TOKEN, NO_ADAPTER,
 * NO_CTOKEN, AMOUNT_PRECISION, INVALID_AMOUNT; INVALID_ADDRESS (no field) when the vault itself
 * holds something that is not an address.
 */
export type AdapterCallForRequestErrorType = ContractsError

const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const ZERO_ADDRESS = /^0x0{40}$/

function asAddress(value: string, what: string): Address {
  if (!ADDRESS.test(value))
    throw new ContractsError('INVALID_ADDRESS', `the vault's ${what} is not an address`, {
      details: JSON.stringify(value.slice(0, 100)),
    })
  return value as Address
}

type AdapterKind = keyof AdapterCallVault['adapters']

/** A token of the vault by its symbol (case-insensitive), or UNKNOWN_ASSET naming `field`. */
function assetOf(vault: AdapterCallVault, field: string, symbol: string) {
  const asset = vault.assets.find((a) => a.symbol.toLowerCase() === symbol.trim().toLowerCase())
  if (!asset)
    throw new ContractsError(
      'UNKNOWN_ASSET',
      `your vault has no token ${JSON.stringify(symbol.slice(0, 40))} (it has ${vault.assets.map((a) => a.symbol).join(', ')})`,
      { field },
    )
  return { ...asset, address: asAddress(asset.address, `${asset.symbol} address`) }
}

function cTokenOf(vault: AdapterCallVault, action: string): Address {
  if (vault.cToken === null)
    throw new ContractsError(
      'NO_CTOKEN',
      `your vault has no cToken configured, so ${action} is not available`,
      { field: 'action' },
    )
  return asAddress(vault.cToken, 'cToken')
}

const CTOKEN: TokenUnit = { symbol: 'the cToken', decimals: CTOKEN_DECIMALS }

/**
 * The adapter call a request means on this vault, and the vault's adapter that runs it: tokens by
 * symbol from `vault.assets`, amounts in their decimals (never rounded; zero refused), the
 * vault's swap fee tier and cToken. The API encodes it into the intent it prepares; the browser
 * encodes it again and requires the prepared intent to carry exactly that call and adapter.
 * Throws a ContractsError naming the request's `field` at fault (see AdapterCallForRequestErrorType).
 */
export function adapterCallForRequest(
  request: AdapterCallRequest,
  vault: AdapterCallVault,
): AdapterCallForRequestReturnType {
  const kind = request.action.slice(0, request.action.indexOf('.')) as AdapterKind
  const adapter = asAddress(vault.adapters[kind], `${kind} adapter`)
  if (ZERO_ADDRESS.test(adapter))
    throw new ContractsError(
      'NO_ADAPTER',
      `your vault has no ${kind} adapter, so ${request.action} is not available`,
      { field: 'action' },
    )
  return { adapter, call: callFor(request, vault) }
}

function callFor(request: AdapterCallRequest, vault: AdapterCallVault): AdapterCall {
  switch (request.action) {
    case 'aaveV3.supply':
    case 'aaveV3.withdraw': {
      const asset = assetOf(vault, 'asset', request.asset)
      return {
        action: request.action,
        asset: asset.address,
        amount: parseTokenAmount(request.amount, asset, 'amount'),
      }
    }
    case 'uniswapV3.swapExactInputSingle': {
      const tokenIn = assetOf(vault, 'tokenIn', request.tokenIn)
      const tokenOut = assetOf(vault, 'tokenOut', request.tokenOut)
      if (tokenIn.address.toLowerCase() === tokenOut.address.toLowerCase())
        throw new ContractsError('SAME_TOKEN', `swap ${tokenIn.symbol} for another token, not for itself`, {
          field: 'tokenOut',
        })
      return {
        action: request.action,
        tokenIn: tokenIn.address,
        tokenOut: tokenOut.address,
        fee: vault.swapFee,
        amountIn: parseTokenAmount(request.amountIn, tokenIn, 'amountIn'),
        amountOutMinimum: parseTokenAmount(request.amountOutMinimum, tokenOut, 'amountOutMinimum'),
      }
    }
    case 'compoundV2.supply': {
      const cToken = cTokenOf(vault, request.action)
      const asset = assetOf(vault, 'asset', request.asset)
      return {
        action: request.action,
        cToken,
        amount: parseTokenAmount(request.amount, asset, 'amount'),
      }
    }
    case 'compoundV2.redeem':
      return {
        action: request.action,
        cToken: cTokenOf(vault, request.action),
        cTokenAmount: parseTokenAmount(request.amount, CTOKEN, 'amount'),
      }
  }
}
