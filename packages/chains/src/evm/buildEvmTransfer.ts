import { type Address, encodeFunctionData, erc20Abi, type Hex, hexToBigInt, numberToHex } from 'viem'
import { formatAmount } from '../amount/formatAmount.js'
import type { FeeEstimate, TransferRequest } from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'
import { assertEvmAddress } from './assertEvmAddress.js'
import { type EvmRpc, rpcRefusal } from './createEvmRpc.js'
import { describeRevert } from './describeRevert.js'
import type { EvmTransaction } from './EvmTransaction.js'
import { estimateEvmFees } from './estimateEvmFees.js'
import { formatFeeDetails } from './formatFeeDetails.js'
import { readErc20Balance } from './readErc20Balance.js'

export interface BuildEvmTransferParameters {
  rpc: EvmRpc
  /** The chain the adapter is configured for: the endpoint must serve it. */
  chainId: number
  nativeSymbol: string
  request: TransferRequest
  /** Also check the native balance covers amount and fee (prepare); estimateFee only needs gas. */
  checkFunds: boolean
}

export interface BuildEvmTransferReturnType {
  transaction: EvmTransaction
  fee: FeeEstimate
  notes: string[]
}

/**
 * The unsigned EIP-1559 transaction for a native or ERC-20 transfer and its most fee: nonce from
 * the pending block (a transfer still in the mempool is not replaced), gas from `eth_estimateGas`,
 * fees from {@link estimateEvmFees}. Reads go out as one JSON-RPC batch, then the gas estimate.
 */
export async function buildEvmTransfer({
  rpc,
  chainId,
  nativeSymbol,
  request,
  checkFunds,
}: BuildEvmTransferParameters): Promise<BuildEvmTransferReturnType> {
  const from = assertEvmAddress(request.from, 'The sending account')
  const to = assertEvmAddress(request.to, 'The recipient')
  const token = request.token ? assertEvmAddress(request.token.address, 'The token contract') : undefined
  if (typeof request.amount !== 'bigint' || request.amount <= 0n) {
    throw new ChainsError('INVALID_AMOUNT', 'The amount must be more than zero.')
  }
  const { amount } = request
  const coin = (value: bigint) => `${formatAmount({ value, decimals: 18 })} ${nativeSymbol}`

  const [servedChainId, nonce, nativeBalance, fees, tokenBalance] = await Promise.all([
    rpc.request<Hex>('eth_chainId', [], 'read the chain id'),
    rpc.request<Hex>('eth_getTransactionCount', [from, 'pending'], 'read the account nonce'),
    rpc.request<Hex>('eth_getBalance', [from, 'latest'], 'read the balance').then(hexToBigInt),
    estimateEvmFees(rpc),
    token ? readErc20Balance(rpc, token, from) : undefined,
  ])
  if (Number(servedChainId) !== chainId) {
    throw new ChainsError(
      'WRONG_NETWORK',
      `The endpoint serves chain ${Number(servedChainId)}, not the configured chain ${chainId}.`,
    )
  }
  if (request.token && tokenBalance !== undefined && amount > tokenBalance) {
    const { symbol, decimals } = request.token
    throw new ChainsError(
      'INSUFFICIENT_FUNDS',
      `The amount is more than the ${symbol} balance (${formatAmount({ value: tokenBalance, decimals })} ${symbol}).`,
    )
  }
  if (!token && amount > nativeBalance) {
    throw new ChainsError(
      'INSUFFICIENT_FUNDS',
      `The amount is more than the balance (${coin(nativeBalance)}).`,
    )
  }

  const call: { to: Address; value: bigint; data?: Hex } = token
    ? {
        to: token,
        value: 0n,
        data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }),
      }
    : { to, value: amount }
  const gas = await estimateGas(rpc, from, call, request.token?.symbol)

  const maxFee = gas * fees.maxFeePerGas
  if (checkFunds && (token ? maxFee > nativeBalance : amount + maxFee > nativeBalance)) {
    throw new ChainsError(
      'INSUFFICIENT_FUNDS_FOR_FEE',
      token
        ? `Sending ${request.token?.symbol} costs a network fee of up to ${coin(maxFee)}, paid in ${nativeSymbol}; the account holds ${coin(nativeBalance)}.`
        : `The amount plus the network fee (up to ${coin(maxFee)}) is more than the balance (${coin(nativeBalance)}): send less, or add ${nativeSymbol}.`,
    )
  }
  const notes: string[] = []
  if (token) notes.push(`The network fee is paid in ${nativeSymbol}, not in ${request.token?.symbol}.`)
  if (token && to === token) {
    notes.push('The recipient is the token contract itself: tokens sent there are usually lost for good.')
  }
  return {
    transaction: {
      chainId,
      nonce: Number(nonce),
      to: call.to,
      value: call.value,
      gas,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      ...(call.data ? { data: call.data } : {}),
    },
    fee: { fee: maxFee, details: formatFeeDetails(gas, fees.maxFeePerGas, fees.maxPriorityFeePerGas) },
    notes,
  }
}

/** `eth_estimateGas`, with a revert explained: the token (or recipient) contract refused. */
async function estimateGas(
  rpc: EvmRpc,
  from: Address,
  call: { to: Address; value: bigint; data?: Hex },
  tokenSymbol: string | undefined,
): Promise<bigint> {
  try {
    const gas = await rpc.request<Hex>(
      'eth_estimateGas',
      [{ from, to: call.to, value: numberToHex(call.value), ...(call.data ? { data: call.data } : {}) }],
      'estimate the gas',
    )
    return hexToBigInt(gas)
  } catch (error) {
    const refusal = rpcRefusal(error)
    if (!refusal) throw error
    if (/insufficient funds/i.test(refusal.message)) {
      throw new ChainsError('INSUFFICIENT_FUNDS', 'The balance does not cover this transfer.', {
        details: refusal.message,
        cause: error,
      })
    }
    if (refusal.code === 3 || /revert/i.test(refusal.message)) {
      const reason = describeRevert(refusal.data) ?? refusal.message
      const who = tokenSymbol ? `The ${tokenSymbol} token contract` : 'The recipient contract'
      throw new ChainsError('TRANSACTION_REVERTED', `${who} refused the transfer: ${reason}.`, {
        details: refusal.message,
        cause: error,
      })
    }
    throw error
  }
}
