import {
  type AdapterCallForRequestReturnType,
  adapterCallForRequest,
  ContractsError,
  parseTokenAmount,
} from '@stratos/contracts'
import type { DefiIntentRequest, DefiVault } from '@stratos/schemas'
import { AppError } from '../../lib/AppError'

/** What the person reads for a ContractsError about their request (the codes stay the same). */
function userMessage(error: ContractsError, request: DefiIntentRequest | undefined): string {
  switch (error.code) {
    case 'UNKNOWN_ASSET': {
      const symbol = request && error.field ? (request as Record<string, unknown>)[error.field] : undefined
      return `The vault holds no token ${String(symbol ?? '')}.`
    }
    case 'AMOUNT_PRECISION': {
      const { symbol, decimals } = error.token ?? { symbol: 'The token', decimals: 0 }
      // "the cToken" starts the sentence.
      const name = symbol.replace(/^the /, 'The ')
      return decimals === 0
        ? `${name} has no decimals: enter a whole number.`
        : `${name} has ${decimals} decimals: use at most ${decimals} digits after the point.`
    }
    case 'INVALID_AMOUNT':
      return 'Enter an amount greater than 0, like 25 or 0.5.'
    case 'SAME_TOKEN':
      return 'Choose two different tokens to swap.'
    case 'NO_CTOKEN':
      return 'This vault has no Compound market configured.'
    case 'NO_ADAPTER':
      return 'This vault has no adapter for this action.'
    default:
      return error.shortMessage
  }
}

/** Runs `fn`, turning a ContractsError into the web's AppError (same code, a message for the person). */
function withAppErrors<T>(fn: () => T, request?: DefiIntentRequest): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof ContractsError)
      throw new AppError(error.code, userMessage(error, request), { cause: error })
    throw error
  }
}

/**
 * A decimal amount in the token's smallest units (see @stratos/contracts parseTokenAmount): more
 * digits after the point than the token has are refused (AMOUNT_PRECISION), never rounded away.
 */
export function toBaseUnits(amount: string, decimals: number, symbol: string): bigint {
  return withAppErrors(() => parseTokenAmount(amount, { symbol, decimals }))
}

/**
 * The adapter call a request means for this vault and the vault's adapter for it, as the browser
 * encodes it itself (@stratos/contracts adapterCallForRequest, the API's own rule). The prepared
 * intent's call data and adapter must equal these. Throws AppError with the same codes.
 */
export function toAdapterCall(request: DefiIntentRequest, vault: DefiVault): AdapterCallForRequestReturnType {
  return withAppErrors(() => adapterCallForRequest(request, vault), request)
}
