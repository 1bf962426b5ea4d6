import type { Vault } from '@stratos/keys'
import type { EvmRequest } from './evmRequest'
import type { EvmTransactionReview } from './prepareEvmReview'

/**
 * Signs exactly the reviewed transaction with the unlocked vault (account 0, the address the app
 * was granted) and broadcasts it with `eth_sendRawTransaction`; returns the transaction hash.
 */
export async function sendReviewedTransaction({
  vault,
  review,
  request,
}: {
  vault: Vault
  review: EvmTransactionReview
  request: EvmRequest
}): Promise<`0x${string}`> {
  if (!review.unsigned)
    throw new Error('The wallet could not set a gas limit, so it cannot sign this transaction.')
  const signer = vault.addresses().evm
  if (signer.toLowerCase() !== review.request.from.toLowerCase())
    throw new Error(`Your unlocked wallet signs as ${signer}, not ${review.request.from}.`)
  const signed = vault.signEvmTransaction(review.unsigned)
  return (await request('eth_sendRawTransaction', [signed])) as `0x${string}`
}
