import type { Hex } from 'viem'
import type { JournalTx } from '../types.js'
import type { TxSenderContext } from './TxSenderContext.js'

/** Journals a signed transaction of the intent before it is broadcast (`signed` -> `broadcast`). */
export async function recordTx(
  { journal, fencingToken }: Pick<TxSenderContext, 'journal' | 'fencingToken'>,
  intentId: Hex,
  tx: JournalTx,
): Promise<void> {
  const entry = await journal.addTx(fencingToken(), intentId, tx)
  if (entry.state === 'signed') await journal.transition(fencingToken(), intentId, ['signed'], 'broadcast')
}
