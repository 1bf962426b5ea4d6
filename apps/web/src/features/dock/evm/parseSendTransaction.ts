import { RPC_ERROR } from '@stratos/dock-sdk'
import { getAddress, type Hex, hexToBigInt, isAddress } from 'viem'
import { DockRpcFailure } from '../../../lib/dockRpcFailure'

/** An `eth_sendTransaction` request the wallet accepted for review. */
export interface SendTransactionRequest {
  from: `0x${string}`
  to: `0x${string}`
  value: bigint
  data: Hex | undefined
  /** The app's gas limit, when it gave one. */
  gas: bigint | undefined
}

const QUANTITY = /^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/
const DATA = /^0x([0-9a-fA-F]{2})*$/

function invalid(field: string, expected: string): DockRpcFailure {
  return new DockRpcFailure(RPC_ERROR.invalidParams, `eth_sendTransaction: ${field} must be ${expected}.`)
}

function quantity(tx: Record<string, unknown>, field: string): bigint | undefined {
  const value = tx[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || !QUANTITY.test(value)) throw invalid(field, 'a hex quantity (0x…)')
  return hexToBigInt(value as Hex)
}

/**
 * Checks the parameters of `eth_sendTransaction` (EIP-1474: one transaction object): -32602
 * naming the field that is wrong; `from` must be the address the user granted (else 4100); a
 * `chainId`, when given, must be the app's current chain (-32602). The fee fields and the nonce
 * are the wallet's to set (EIP-1559 from the latest block, the pending nonce) and are not read.
 * A transaction without `to` would create a contract, which the wallet does not do: 4200.
 */
export function parseSendTransaction(
  params: unknown,
  { granted, chainId }: { granted: string; chainId: number },
): SendTransactionRequest {
  if (!Array.isArray(params) || params.length < 1 || typeof params[0] !== 'object' || params[0] === null)
    throw new DockRpcFailure(RPC_ERROR.invalidParams, 'eth_sendTransaction: params must be [transaction].')
  const tx = params[0] as Record<string, unknown>
  if (typeof tx.from !== 'string' || !isAddress(tx.from, { strict: false }))
    throw invalid('from', 'an address')
  if (tx.from.toLowerCase() !== granted.toLowerCase())
    throw new DockRpcFailure(
      RPC_ERROR.unauthorized,
      `eth_sendTransaction: from ${tx.from} is not the account you connected (${granted}).`,
    )
  if (tx.to === undefined || tx.to === null)
    throw new DockRpcFailure(
      RPC_ERROR.unsupportedMethod,
      'eth_sendTransaction: the wallet does not create contracts (a transaction without to).',
    )
  if (typeof tx.to !== 'string' || !isAddress(tx.to, { strict: false })) throw invalid('to', 'an address')
  const given = quantity(tx, 'chainId')
  if (given !== undefined && given !== BigInt(chainId))
    throw new DockRpcFailure(
      RPC_ERROR.invalidParams,
      `eth_sendTransaction: chainId 0x${given.toString(16)} is not the current chain (0x${chainId.toString(16)}); switch with wallet_switchEthereumChain first.`,
    )
  if (tx.data !== undefined && tx.input !== undefined && tx.data !== tx.input)
    throw invalid('data', 'the same as input when both are given')
  const data = tx.data ?? tx.input
  if (data !== undefined && data !== null && (typeof data !== 'string' || !DATA.test(data)))
    throw invalid('data', 'even-length hex (0x…)')
  if (Array.isArray(tx.accessList) && tx.accessList.length > 0)
    throw new DockRpcFailure(
      RPC_ERROR.unsupportedMethod,
      'eth_sendTransaction: the wallet does not sign access lists.',
    )
  const gas = quantity(tx, 'gas')
  if (gas === 0n) throw invalid('gas', 'more than zero')
  return {
    from: getAddress(tx.from),
    to: getAddress(tx.to),
    value: quantity(tx, 'value') ?? 0n,
    data: typeof data === 'string' && data !== '0x' ? (data as Hex) : undefined,
    gas,
  }
}
