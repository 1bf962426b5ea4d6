import type { createLogger } from '@stratos/api'
import { AUDIT_GENESIS_HASH, selectAuditHead } from '@stratos/db'

type Db = Parameters<typeof selectAuditHead>[0]
type Logger = ReturnType<typeof createLogger>

/** How often `stratos serve` logs the audit chain's head, by default (AUDIT_ANCHOR_INTERVAL_SECONDS). */
export const DEFAULT_AUDIT_ANCHOR_INTERVAL_SECONDS = 3600

/**
 * Logs the head of the audit chain as one structured line, `audit.anchor` with `seq` and `hash`
 * (seq 0 and the genesis hash for an empty log). Kept in the log store, it lets an operator prove
 * later (`stratos audit verify --anchor SEQ:HASH`) that no entry up to it changed or went missing.
 */
export async function logAuditAnchor(db: Db, logger: Logger): Promise<void> {
  const head = await selectAuditHead(db)
  logger.info(
    { event: 'audit.anchor', seq: head?.seq ?? 0, hash: head?.hash ?? AUDIT_GENESIS_HASH },
    'audit.anchor',
  )
}

/**
 * Logs an anchor every `intervalMs` until the returned stop function is called. The timer never
 * keeps the process alive; a failed read is logged as a warning and the next tick tries again.
 */
export function startAuditAnchors(db: Db, logger: Logger, intervalMs: number): () => void {
  const timer = setInterval(() => {
    logAuditAnchor(db, logger).catch((error: unknown) =>
      logger.warn({ err: error }, 'audit.anchor: could not read the head of the audit chain'),
    )
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
