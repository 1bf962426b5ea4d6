import { keccak256 } from 'viem'
import type { JournalTx } from '../types.js'
import type { SendRequest, TxSenderContext } from './TxSenderContext.js'

export interface SignTxParameters {
  request: SendRequest
  nonce: number
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
}

/** Builds and signs an EIP-1559 transaction of the sender's account: the journal's record of it. */
export async function signTx(
  context: Pick<TxSenderContext, 'account' | 'chainId'>,
  { request, nonce, maxFeePerGas, maxPriorityFeePerGas }: SignTxParameters,
): Promise<JournalTx> {
  const raw = await context.account.signTransaction({
    chainId: context.chainId,
    type: 'eip1559',
    to: request.to,
    data: request.data,
    value: request.value ?? 0n,
    gas: request.gas,
    nonce,
    maxFeePerGas,
    maxPriorityFeePerGas,
  })
  return { hash: keccak256(raw), raw, nonce, maxFeePerGas, maxPriorityFeePerGas, sentAt: new Date() }
}
