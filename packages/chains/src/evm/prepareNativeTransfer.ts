import type { Address, PublicClient } from 'viem'
import { formatEther, isAddress } from 'viem'
import { ChainsError } from '../ChainsError.js'
import type { EvmTransaction } from './EvmTransaction.js'

export interface PrepareNativeTransferParameters {
  /** The account that will sign and pay. */
  from: Address
  to: Address
  /** Amount in wei; more than zero. */
  value: bigint
}

export interface PrepareNativeTransferReturnType {
  /** Unsigned EIP-1559 transaction with nonce, gas and fees filled in. */
  transaction: EvmTransaction
  /** Most the network fee can be: `gas * maxFeePerGas`. The fee actually paid is usually lower. */
  fee: bigint
  /** `value + fee`: the most this transfer can take from `from`. */
  total: bigint
  /** Balance of `from` when the transfer was prepared. */
  balance: bigint
}

function rpcError(what: string, cause: unknown): ChainsError {
  return new ChainsError('RPC_ERROR', `Could not ${what} from the EVM node.`, {
    details: cause instanceof Error ? cause.message : String(cause),
    cause,
  })
}

/**
 * Builds the unsigned transaction for sending native coin: nonce from the pending block (so a
 * transfer still in the mempool is not replaced), gas from `eth_estimateGas`, EIP-1559 fees from
 * the node. Throws `INSUFFICIENT_FUNDS` when the balance cannot cover amount plus the maximum fee.
 */
export async function prepareNativeTransfer(
  client: PublicClient,
  { from, to, value }: PrepareNativeTransferParameters,
): Promise<PrepareNativeTransferReturnType> {
  if (!isAddress(from)) throw new ChainsError('INVALID_ADDRESS', `Not an EVM address: ${String(from)}`)
  if (!isAddress(to)) {
    throw new ChainsError(
      'INVALID_ADDRESS',
      'The recipient is not a valid EVM address (0x followed by 40 hex digits).',
    )
  }
  if (value <= 0n) throw new ChainsError('INVALID_AMOUNT', 'The amount must be more than zero.')

  const [chainId, nonce, fees, balance] = await Promise.all([
    client.chain?.id ?? client.getChainId(),
    client.getTransactionCount({ address: from, blockTag: 'pending' }),
    client.estimateFeesPerGas(),
    client.getBalance({ address: from }),
  ]).catch((cause: unknown) => {
    throw rpcError('read the nonce, fees and balance', cause)
  })
  if (value > balance) {
    throw new ChainsError(
      'INSUFFICIENT_FUNDS',
      `The amount is more than the balance (${formatEther(balance)}).`,
    )
  }
  const gas = await client.estimateGas({ account: from, to, value }).catch((cause: unknown) => {
    throw rpcError('estimate gas', cause)
  })
  const fee = gas * fees.maxFeePerGas
  const total = value + fee
  if (total > balance) {
    throw new ChainsError(
      'INSUFFICIENT_FUNDS',
      `The amount plus the network fee (up to ${formatEther(fee)}) is more than the balance (${formatEther(balance)}).`,
    )
  }
  return {
    transaction: {
      chainId,
      nonce,
      to,
      value,
      gas,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    },
    fee,
    total,
    balance,
  }
}
