import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely'
import type { AuditLogRow, Database } from '../schema.js'

/** Which entries to read; every field narrows, none given reads all. */
export interface AuditFilter {
  /** Entries at or after this instant (ISO timestamp). */
  since?: string | undefined
  /** Entries before this instant (ISO timestamp). */
  until?: string | undefined
  /** Entries whose action starts with this (`auth.` for every sign-in event). */
  actionPrefix?: string | undefined
  /** Entries made by this user. */
  actorUserId?: string | undefined
}

/** Narrows a query of `audit_log` to `filter`. */
export function whereAuditFilter<O>(
  query: SelectQueryBuilder<Database, 'audit_log', O>,
  filter: AuditFilter,
): SelectQueryBuilder<Database, 'audit_log', O> {
  let q = query
  if (filter.since !== undefined) q = q.where('audit_log.at', '>=', filter.since)
  if (filter.until !== undefined) q = q.where('audit_log.at', '<', filter.until)
  if (filter.actorUserId !== undefined) q = q.where('audit_log.actor_user_id', '=', filter.actorUserId)
  const prefix = filter.actionPrefix
  if (prefix !== undefined && prefix !== '') {
    // substr, not LIKE: `_` and `%` are common in actions and LIKE's case rules differ by engine.
    q = q.where((eb: ExpressionBuilder<Database, 'audit_log'>) =>
      eb(sql<string>`substr(${eb.ref('audit_log.action')}, 1, ${prefix.length})`, '=', prefix),
    )
  }
  return q
}

/** Every entry that matches `filter`, in chain order, read `batchSize` at a time. */
export async function* readAuditEntries(
  db: Kysely<Database>,
  filter: AuditFilter = {},
  batchSize = 1000,
): AsyncGenerator<AuditLogRow> {
  let after = 0
  for (;;) {
    const rows = await whereAuditFilter(db.selectFrom('audit_log').selectAll(), filter)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batchSize)
      .execute()
    for (const row of rows) yield { ...row, seq: Number(row.seq) }
    if (rows.length < batchSize) return
    after = Number(rows.at(-1)!.seq)
  }
}

/** The export formats: one JSON object per line, or CSV with a header row (RFC 4180). */
export type AuditExportFormat = 'jsonl' | 'csv'

/** The columns of an export, in order (CSV header and JSON keys). */
export const AUDIT_EXPORT_COLUMNS = [
  'seq',
  'id',
  'at',
  'actorUserId',
  'action',
  'target',
  'details',
  'requestId',
  'ip',
  'userAgent',
  'prevHash',
  'hash',
] as const

function exportRecord(row: AuditLogRow) {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actorUserId: row.actor_user_id,
    action: row.action,
    target: row.target,
    details: row.details,
    requestId: row.request_id,
    ip: row.ip,
    userAgent: row.user_agent,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

/** One entry as a line of the export, newline included. In JSON lines `details` is the object. */
export function formatAuditEntry(row: AuditLogRow, format: AuditExportFormat): string {
  const record = exportRecord(row)
  if (format === 'jsonl') {
    return `${JSON.stringify({ ...record, details: JSON.parse(record.details) as unknown })}\n`
  }
  return `${AUDIT_EXPORT_COLUMNS.map((column) => csvField(record[column])).join(',')}\r\n`
}

/** The first line of an export: the CSV header; nothing for JSON lines. */
export function auditExportHeader(format: AuditExportFormat): string {
  return format === 'csv' ? `${AUDIT_EXPORT_COLUMNS.join(',')}\r\n` : ''
}

/**
 * One CSV field (RFC 4180 §2): quoted when it holds a comma, quote, CR or LF, quotes doubled.
 * A text starting with = + - @ or a tab gets a leading `'` and quotes (OWASP "CSV injection"): a
 * user agent or display name is chosen by whoever sends it, and must not run as a spreadsheet
 * formula. The JSON lines export carries every value unchanged.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) || text !== value ? `"${text.replace(/"/g, '""')}"` : text
}
