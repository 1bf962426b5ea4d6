import { type Address, zeroAddress, zeroHash } from 'viem'
import { fallbackIntentId, type InvalidCantonIntent } from '../canton/createCantonGateway.js'
import { type CantonIntent, FINAL_STATES } from '../types.js'
import type { IntentQueue } from './createIntentQueue.js'
import { failEntry } from './failEntry.js'
import type { LeaderTerm } from './LeaderTerm.js'
import { reportOutcome } from './reportOutcome.js'

/**
 * An intent on Canton that cannot be executed as written (malformed, or a second contract with an
 * intent id already taken): journaled under a placeholder (zero vault, chain 0), failed with the
 * reason and reported to Canton, so the institution sees why and the contract is archived.
 */
export async function receiveInvalidIntent(
  term: LeaderTerm,
  queue: IntentQueue,
  item: InvalidCantonIntent,
): Promise<void> {
  const { journal, canton, audit, log } = term
  const args = (item.args ?? {}) as Record<string, unknown>
  const placeholder: CantonIntent = {
    contractId: item.contractId,
    institution: typeof args.institution === 'string' ? args.institution : '',
    operator: canton.operatorParty,
    intentId: item.intentId ?? fallbackIntentId(item.contractId),
    vaultId: zeroHash,
    chainId: 0,
    vault: zeroAddress as Address,
    adapter: zeroAddress as Address,
    callData: '0x',
    value: 0n,
    nonce: 0n,
    deadline: 0n,
    regulator: typeof args.regulator === 'string' ? args.regulator : null,
  }
  if (queue.isActive(placeholder.intentId)) return
  const { created, entry } = await journal.receive(term.token(), placeholder)
  if (created) {
    audit.intentReceived({
      intentId: entry.intentId,
      contractId: entry.contractId,
      vaultId: entry.vaultId,
      chainId: 0,
    })
    log.warn({ contractId: item.contractId, reason: item.reason }, 'invalid intent on Canton')
  }
  if (entry.state === 'received') {
    await queue.exclusive(entry.intentId, async () => {
      const failed = await failEntry(term, entry, item.reason)
      await reportOutcome(term, failed)
    })
  } else if (FINAL_STATES.includes(entry.state) && !entry.reportedToCanton) {
    await reportOutcome(term, entry)
  }
}
