import { auditExportHeader, formatAuditEntry, readAuditEntries, selectAuditHead } from '@stratos/db/portable'
import type { AdminAuditExportQuery } from '@stratos/schemas'
import type { AppDeps } from '../context.js'
import { type Actor, writeAuditEntry } from './auditLog.js'

const MEDIA_TYPES = { jsonl: 'application/x-ndjson', csv: 'text/csv; charset=utf-8' } as const

/**
 * The audit log as a download (`GET /api/admin/audit/export`): the entries matching the filter,
 * oldest first, up to the head when the export started, streamed a batch at a time. The export is
 * itself recorded (`audit.export`) before the first byte is sent.
 */
export async function exportAudit(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  query: AdminAuditExportQuery,
): Promise<Response> {
  const { format, action, actor: actorUserId, since, until } = query
  const filter = { actionPrefix: action, actorUserId, since, until }
  const at = deps.clock()
  await writeAuditEntry(deps.db, {
    actor,
    action: 'audit.export',
    at,
    details: {
      format,
      filter: {
        action: action ?? null,
        actor: actorUserId ?? null,
        since: since ?? null,
        until: until ?? null,
      },
    },
  })
  const head = (await selectAuditHead(deps.db))?.seq ?? 0
  const entries = readAuditEntries(deps.db, filter)
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const header = auditExportHeader(format)
      if (header) controller.enqueue(encoder.encode(header))
    },
    async pull(controller) {
      const next = await entries.next()
      if (next.done || Number(next.value.seq) > head) {
        await entries.return(undefined)
        controller.close()
        return
      }
      controller.enqueue(encoder.encode(formatAuditEntry(next.value, format)))
    },
    async cancel() {
      await entries.return(undefined)
    },
  })
  const stamp = at.toISOString().replace(/[:.]/g, '-')
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': MEDIA_TYPES[format],
      'Content-Disposition': `attachment; filename="stratos-audit-${stamp}.${format}"`,
      'Cache-Control': 'no-store',
    },
  })
}
