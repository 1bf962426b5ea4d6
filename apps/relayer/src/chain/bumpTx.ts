import { type Hex, parseTransaction } from 'viem'
import type { JournalTx } from '../types.js'
import { bumpFee } from './bumpFee.js'
import { recordTx } from './recordTx.js'
import { signTx } from './signTx.js'
import type { SendRequest, TxSenderContext } from './TxSenderContext.js'

/**
 * Re-signs a stalled transaction with the same nonce, call and gas and fees at least 12.5%
 * higher (or the chain's, if those are higher), and journals it; the caller broadcasts it.
 */
export async function bumpTx(context: TxSenderContext, intentId: Hex, last: JournalTx): Promise<JournalTx> {
  const parsed = parseTransaction(last.raw)
  if (!parsed.to || parsed.gas === undefined) throw new Error(`journal tx ${last.hash} cannot be re-signed`)
  const fees = await context.fees()
  const maxPriorityFeePerGas = maxOf(bumpFee(last.maxPriorityFeePerGas), fees.maxPriorityFeePerGas)
  const maxFeePerGas = maxOf(bumpFee(last.maxFeePerGas), fees.maxFeePerGas, maxPriorityFeePerGas)
  const request: SendRequest = { to: parsed.to, data: parsed.data ?? '0x', gas: parsed.gas }
  if (parsed.value !== undefined) request.value = parsed.value
  return context.locked(async () => {
    const tx = await signTx(context, { request, nonce: last.nonce, maxFeePerGas, maxPriorityFeePerGas })
    await recordTx(context, intentId, tx)
    context.log?.info(
      { chainId: context.chainId, intentId, nonce: tx.nonce, previous: last.hash, hash: tx.hash },
      'fee bump: transaction re-signed with higher fees',
    )
    return tx
  })
}

function maxOf(...values: bigint[]): bigint {
  return values.reduce((a, b) => (b > a ? b : a))
}
