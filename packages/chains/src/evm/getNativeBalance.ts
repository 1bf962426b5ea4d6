import type { Address, PublicClient } from 'viem'
import { isAddress } from 'viem'
import { ChainsError } from '../ChainsError.js'

export interface GetNativeBalanceParameters {
  address: Address
}

/** Balance in wei. */
export type GetNativeBalanceReturnType = bigint

/** Native-coin balance (ETH on Ethereum and most L2s) of `address` at the latest block, in wei. */
export async function getNativeBalance(
  client: PublicClient,
  { address }: GetNativeBalanceParameters,
): Promise<GetNativeBalanceReturnType> {
  if (!isAddress(address)) {
    throw new ChainsError('INVALID_ADDRESS', `Not an EVM address: ${String(address)}`)
  }
  try {
    return await client.getBalance({ address })
  } catch (cause) {
    throw new ChainsError('RPC_ERROR', 'Could not read the balance from the EVM node.', {
      details: cause instanceof Error ? cause.message : String(cause),
      cause,
    })
  }
}
