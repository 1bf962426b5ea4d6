import { equalBytes } from '@noble/curves/utils.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { encodeFunctionData, erc20Abi } from 'viem'
import type { TransferRequest } from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'
import { tronAddressBytes, tronToEvmAddress } from './tronAddress.js'
import type { TronRawData } from './tronProtobuf.js'

/** The ABI call data of TRC-20 `transfer(to, amount)`: the same bytes as ERC-20's. */
export function trc20TransferData(to: string, amount: bigint): Uint8Array {
  return hexToBytes(
    encodeFunctionData({
      abi: erc20Abi,
      functionName: 'transfer',
      args: [tronToEvmAddress(to), amount],
    }).slice(2),
  )
}

/** Largest TRON expiration window: java-tron refuses a transaction expiring later than 24 h ahead. */
const MAX_EXPIRATION_MS = 24 * 60 * 60 * 1000
/** Clock difference tolerated between this device and the node. */
const CLOCK_SKEW_MS = 10 * 60 * 1000

export interface VerifyTronTransferParameters {
  raw: TronRawData
  request: TransferRequest
  /** TRC-20: the largest `fee_limit` the person agreed to, sun. */
  maxFeeLimit?: bigint
  /** Milliseconds now; when given, the expiration must lie within 24 h ahead (give or take 10 minutes of clock skew). */
  now?: number
}

/**
 * Checks that a node-built transaction does exactly what was asked, field by field, before
 * anything signs it: contract type, sender, recipient (or token contract and call data), amount,
 * no TRX sent to a contract, fee limit, expiration. A node that lies gets a `TRANSACTION_REJECTED`
 * and no signature.
 */
export function verifyTronTransfer({ raw, request, maxFeeLimit, now }: VerifyTronTransferParameters): void {
  const differences: string[] = []
  const c = raw.contract
  const from = tronAddressBytes(request.from, 'sender address')
  if (!equalBytes(c.ownerAddress, from)) differences.push(`owner ${bytesToHex(c.ownerAddress)}`)
  if (request.token) {
    if (c.type !== 'TriggerSmartContract') differences.push(`contract type ${c.type}`)
    else {
      if (!equalBytes(c.contractAddress, tronAddressBytes(request.token.address, 'token address')))
        differences.push(`token contract ${bytesToHex(c.contractAddress)}`)
      if (c.callValue !== 0n) differences.push(`call_value ${c.callValue}`)
      if (!equalBytes(c.data, trc20TransferData(request.to, request.amount)))
        differences.push(`call data ${bytesToHex(c.data)}`)
      if (raw.feeLimit === 0n || (maxFeeLimit !== undefined && raw.feeLimit > maxFeeLimit))
        differences.push(`fee_limit ${raw.feeLimit}`)
    }
  } else if (c.type !== 'TransferContract') differences.push(`contract type ${c.type}`)
  else {
    if (!equalBytes(c.toAddress, tronAddressBytes(request.to, 'recipient address')))
      differences.push(`recipient ${bytesToHex(c.toAddress)}`)
    if (c.amount !== request.amount) differences.push(`amount ${c.amount}`)
    if (raw.feeLimit !== 0n) differences.push(`fee_limit ${raw.feeLimit}`)
  }
  // Clocks differ between the device and the node: only a transaction already long expired, or
  // valid for longer than java-tron ever allows (24 h), is refused here.
  if (
    now !== undefined &&
    (raw.expiration < BigInt(now - CLOCK_SKEW_MS) ||
      raw.expiration > BigInt(now + MAX_EXPIRATION_MS + CLOCK_SKEW_MS))
  )
    differences.push(`expiration ${raw.expiration}`)
  if (differences.length > 0)
    throw new ChainsError(
      'TRANSACTION_REJECTED',
      'The TRON node built a different transaction than the one asked for, so nothing was signed. Try again, or use another node.',
      { details: differences.join('; ') },
    )
}
