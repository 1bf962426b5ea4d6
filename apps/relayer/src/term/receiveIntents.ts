import type { Hex } from 'viem'
import { fallbackIntentId } from '../canton/createCantonGateway.js'
import { StaleLeaderError } from '../errors.js'
import { FINAL_STATES } from '../types.js'
import { messageOf } from '../utils/messageOf.js'
import type { IntentQueue } from './createIntentQueue.js'
import type { LeaderTerm } from './LeaderTerm.js'
import { receiveInvalidIntent } from './receiveInvalidIntent.js'

/**
 * Intake, one round: reads the active intents and the ledger end from Canton, journals each new
 * intent (`intent_received`) and schedules every one not yet final and reported; a second
 * contract with an intent id already journaled, and every intent that does not parse, is failed
 * and reported. A failed Canton read is logged (`canton_up` 0) and left to the next round; only
 * a lost leadership is thrown.
 */
export async function receiveIntents(
  term: LeaderTerm,
  queue: IntentQueue,
  /** Intents already final and reported: skipped without a journal read while still active on Canton. */
  done: Set<Hex>,
): Promise<void> {
  const { journal, canton, metrics, audit, log, signal } = term
  try {
    const [{ intents, invalid }, height] = await Promise.all([canton.readIntents(), canton.ledgerEnd()])
    metrics.setCantonUp(true)
    metrics.setLedgerHeight(height)
    for (const intent of intents) {
      if (signal.aborted) break
      if (queue.isActive(intent.intentId) || done.has(intent.intentId)) continue
      const { created, entry } = await journal.receive(term.token(), intent)
      if (created)
        audit.intentReceived({
          intentId: intent.intentId,
          contractId: intent.contractId,
          vaultId: intent.vaultId,
          chainId: intent.chainId,
        })
      if (entry.contractId !== intent.contractId) {
        // The same intent id in a second contract: it is executed once; the duplicate is refused.
        await receiveInvalidIntent(term, queue, {
          contractId: intent.contractId,
          intentId: fallbackIntentId(intent.contractId),
          reason: `DuplicateIntentId(${intent.intentId})`,
          args: { institution: intent.institution },
        })
        continue
      }
      if (FINAL_STATES.includes(entry.state) && entry.reportedToCanton) done.add(entry.intentId)
      else queue.schedule(entry)
    }
    for (const item of invalid) {
      if (signal.aborted) break
      await receiveInvalidIntent(term, queue, item).catch((error) => {
        if (!signal.aborted)
          log.error({ contractId: item.contractId, err: messageOf(error) }, 'invalid intent not reported')
      })
    }
  } catch (error) {
    if (signal.aborted) return
    if (error instanceof StaleLeaderError) throw error
    metrics.setCantonUp(false)
    log.warn({ err: messageOf(error) }, 'Canton poll failed')
  }
}
