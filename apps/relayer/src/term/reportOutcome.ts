import type { Hex } from 'viem'
import type { JournalEntry } from '../types.js'
import type { LeaderTerm } from './LeaderTerm.js'

/** A final journal entry's fields that its Canton report needs. */
export type Reportable = Pick<
  JournalEntry,
  'intentId' | 'contractId' | 'vaultId' | 'chainId' | 'state' | 'confirmedTxHash' | 'error' | 'txs'
>

/**
 * Reports a final entry to Canton (`DeFiIntent_MarkExecuted` with the executing tx hash, or
 * `DeFiIntent_MarkFailed` with the reason and the mined reverted tx if any), then journals it as
 * reported and writes `intent_reported`.
 */
export async function reportOutcome(term: LeaderTerm, entry: Reportable, failedTxHash?: Hex): Promise<void> {
  const { canton, journal, audit } = term
  let result: string
  if (entry.state === 'confirmed' && entry.confirmedTxHash) {
    result = await canton.markExecuted({
      contractId: entry.contractId,
      intentId: entry.intentId,
      txHash: entry.confirmedTxHash,
    })
  } else {
    const txHash = failedTxHash ?? (await minedTxOf(term, entry))
    result = await canton.markFailed({
      contractId: entry.contractId,
      intentId: entry.intentId,
      reason: entry.error ?? 'failed',
      txHash: txHash ?? null,
    })
  }
  await journal.markReported(term.token(), entry.intentId)
  audit.intentReported({
    intentId: entry.intentId,
    contractId: entry.contractId,
    vaultId: entry.vaultId,
    chainId: entry.chainId,
    status: entry.state === 'confirmed' ? 'executed' : 'failed',
    result,
  })
}

/** The mined (reverted) transaction among a failed entry's, for its Canton report. */
async function minedTxOf(term: LeaderTerm, entry: Reportable): Promise<Hex | undefined> {
  const client = term.chains.get(entry.chainId)?.client
  if (!client) return undefined
  for (const tx of [...entry.txs].reverse()) {
    const receipt = await client.getTransactionReceipt({ hash: tx.hash }).catch(() => undefined)
    if (receipt) return receipt.transactionHash
  }
  return undefined
}
