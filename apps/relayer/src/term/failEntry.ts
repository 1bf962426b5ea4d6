import type { Hex } from 'viem'
import type { JournalEntry } from '../types.js'
import type { LeaderTerm } from './LeaderTerm.js'

/** Journals an entry as `failed` with `reason`, counts it and writes `intent_failed`. */
export async function failEntry(
  term: LeaderTerm,
  entry: JournalEntry,
  reason: string,
  txHash?: Hex,
): Promise<JournalEntry> {
  const failed = await term.journal.transition(term.token(), entry.intentId, [entry.state], 'failed', {
    error: reason,
  })
  term.metrics.recordOutcome(entry.chainId || 'unknown', 'failed', reason)
  term.audit.intentFailed({
    intentId: entry.intentId,
    vaultId: entry.vaultId,
    chainId: entry.chainId,
    reason,
    txHash: txHash ?? null,
  })
  return failed
}
