import type { AuditLogRow } from '../schema.js'

/** `prev_hash` of the first entry (seq 1): 64 zeros, the hash of nothing before it. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64)

/** Tag of the canonical encoding below; a different encoding would get a new tag, never a changed one. */
const ENCODING_TAG = 'stratos-audit-v1'

/** The fields of an audit entry that its hash covers: every column but `hash` itself. */
export type AuditChainFields = Pick<
  AuditLogRow,
  | 'seq'
  | 'id'
  | 'at'
  | 'actor_user_id'
  | 'action'
  | 'target'
  | 'details'
  | 'request_id'
  | 'ip'
  | 'user_agent'
  | 'prev_hash'
>

/**
 * The canonical encoding of an entry: a JSON array of the tag and the fields in a fixed order.
 * Every field is a string, an integer or null, so `JSON.stringify` is deterministic; `details` is
 * covered as the exact JSON text stored, not re-serialized. Frozen: migration 0006, the API writer
 * and `stratos audit verify` must agree on it forever.
 */
export function encodeAuditEntry(row: AuditChainFields): string {
  if (!Number.isSafeInteger(row.seq) || row.seq < 1)
    throw new TypeError(`audit seq must be a positive integer, got ${row.seq}`)
  return JSON.stringify([
    ENCODING_TAG,
    row.seq,
    row.id,
    row.at,
    row.actor_user_id,
    row.action,
    row.target,
    row.details,
    row.request_id,
    row.ip,
    row.user_agent,
    row.prev_hash,
  ])
}

/** SHA-256 (hex) of the canonical encoding: the `hash` column of the entry. */
export async function hashAuditEntry(row: AuditChainFields): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(encodeAuditEntry(row)))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}
