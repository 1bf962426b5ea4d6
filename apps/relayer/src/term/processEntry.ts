import { signIntent } from '@stratos/contracts'
import type { Hex } from 'viem'
import { intentStruct } from '../chain/createVaultExecutor.js'
import { FINAL_STATES, type JournalEntry } from '../types.js'
import { failEntry } from './failEntry.js'
import type { LeaderTerm } from './LeaderTerm.js'
import { reportOutcome } from './reportOutcome.js'

/**
 * Drives one journal entry through the intent's state machine from wherever it stands
 * (`received -> validated -> signed -> broadcast -> confirmed | failed`): validates it, signs the
 * EIP-712 intent, executes it on the vault (resuming its kept transactions after a takeover) and
 * reports the final state to Canton. Each step is journaled under the term's fencing token.
 */
export async function processEntry(term: LeaderTerm, initial: JournalEntry): Promise<void> {
  const { journal, account, metrics, audit, signal } = term
  let entry = initial
  let failedTxHash: Hex | undefined
  if (entry.state === 'received') {
    const reason = await term.validate(entry.intent)
    if (signal.aborted) return
    entry = reason
      ? await failEntry(term, entry, reason)
      : await journal.transition(term.token(), entry.intentId, ['received'], 'validated')
  }
  if (entry.state === 'validated') {
    const { intent } = entry
    const signature = await signIntent(account, intent, intentStruct(intent))
    entry = await journal.transition(term.token(), entry.intentId, ['validated'], 'signed', {
      intentSignature: signature,
    })
  }
  if (entry.state === 'signed' || entry.state === 'broadcast') {
    const executor = term.executors.get(entry.chainId)
    if (!executor) {
      entry = await failEntry(term, entry, `UnknownChain(${entry.chainId})`)
    } else {
      const outcome = await executor.execute(entry, signal)
      entry = (await journal.get(entry.intentId)) ?? entry
      if (outcome.status === 'confirmed') {
        // Found executed on chain before any send of ours (IntentAlreadyUsed at estimate): the
        // journal's state machine reaches `confirmed` only through `broadcast`.
        if (entry.state === 'signed')
          entry = await journal.transition(term.token(), entry.intentId, ['signed'], 'broadcast')
        entry = await journal.transition(term.token(), entry.intentId, ['broadcast'], 'confirmed', {
          confirmedTxHash: outcome.txHash,
          gasUsed: outcome.gasUsed,
        })
        const nonce = entry.txs.find((t) => t.hash === outcome.txHash)?.nonce ?? null
        metrics.recordOutcome(entry.chainId, 'confirmed')
        audit.transactionSubmitted({
          intentId: entry.intentId,
          vaultId: entry.vaultId,
          chainId: entry.chainId,
          txHash: outcome.txHash,
          nonce,
          gasUsed: outcome.gasUsed,
        })
      } else {
        failedTxHash = outcome.txHash
        entry = await failEntry(term, entry, outcome.reason, outcome.txHash)
      }
    }
  }
  if (FINAL_STATES.includes(entry.state) && !entry.reportedToCanton)
    await reportOutcome(term, entry, failedTxHash)
}
