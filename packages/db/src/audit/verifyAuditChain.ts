import type { Kysely } from 'kysely'
import type { AuditLogRow, Database } from '../schema.js'
import type { AuditChainLink } from './appendAuditEntry.js'
import { AUDIT_GENESIS_HASH, hashAuditEntry } from './auditChain.js'

/** How a row breaks the chain. */
export type AuditChainProblemKind =
  /** Its hash does not match its contents: a field was changed after it was written. */
  | 'edited'
  /** A seq is missing before it: rows were deleted. */
  | 'missing'
  /** Its prev_hash does not name the row before it: rows were reordered, replaced or inserted. */
  | 'unlinked'
  /** The anchor given is not in the chain (its row is gone or has another hash). */
  | 'anchor'

/** The first place the chain is broken: the row (when there is one) and what is wrong with it. */
export interface AuditChainProblem {
  kind: AuditChainProblemKind
  seq: number | null
  id: string | null
  message: string
}

export type VerifyAuditChainReturnType =
  | { ok: true; count: number; head: AuditChainLink | null }
  | { ok: false; count: number; problem: AuditChainProblem }

export interface VerifyAuditChainParameters {
  /** A head logged earlier (`audit.anchor`): the chain must still hold this seq with this hash. */
  anchor?: AuditChainLink | undefined
  /** Rows read per query. Default 1000. */
  batchSize?: number
}

/**
 * Walks the audit chain in seq order and recomputes every hash: OK with the count and head, or the
 * first row that was edited, deleted before or moved. Deleting the newest rows leaves a valid
 * shorter chain: only an anchor logged before (`anchor`) shows that.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  { anchor, batchSize = 1000 }: VerifyAuditChainParameters = {},
): Promise<VerifyAuditChainReturnType> {
  let expectedSeq = 1
  let prevHash = AUDIT_GENESIS_HASH
  let count = 0
  // The anchor of an empty log (seq 0, the genesis hash) holds in every chain.
  let anchorFound = anchor?.seq === 0 && anchor.hash === AUDIT_GENESIS_HASH
  const fail = (problem: AuditChainProblem): VerifyAuditChainReturnType => ({ ok: false, count, problem })
  for (;;) {
    const rows: AuditLogRow[] = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute()
    for (const raw of rows) {
      const row = { ...raw, seq: Number(raw.seq) }
      const where = `seq ${row.seq} (id ${row.id})`
      if (row.seq !== expectedSeq) {
        return fail({
          kind: 'missing',
          seq: row.seq,
          id: row.id,
          message:
            row.seq === expectedSeq + 1
              ? `seq ${expectedSeq} is missing before ${where}: a row was deleted`
              : `seq ${expectedSeq}..${row.seq - 1} are missing before ${where}: rows were deleted`,
        })
      }
      const hash = await hashAuditEntry(row)
      if (row.prev_hash !== prevHash) {
        return fail({
          kind: 'unlinked',
          seq: row.seq,
          id: row.id,
          message:
            hash === row.hash
              ? `${where}: prev_hash does not match the hash of seq ${row.seq - 1}: the row before it was replaced`
              : `${where}: prev_hash does not match the hash of seq ${row.seq - 1} and its hash does not match its contents: rows were reordered (seq changed) or rewritten`,
        })
      }
      if (hash !== row.hash) {
        return fail({
          kind: 'edited',
          seq: row.seq,
          id: row.id,
          message: `${where}: its hash does not match its contents: the row was edited after it was written`,
        })
      }
      if (anchor && anchor.seq === row.seq) {
        if (anchor.hash !== row.hash) {
          return fail({
            kind: 'anchor',
            seq: row.seq,
            id: row.id,
            message: `${where}: its hash ${row.hash} is not the anchor's ${anchor.hash}: the chain up to the anchor was rewritten`,
          })
        }
        anchorFound = true
      }
      prevHash = row.hash
      expectedSeq += 1
      count += 1
    }
    if (rows.length < batchSize) break
  }
  if (anchor && !anchorFound) {
    return fail({
      kind: 'anchor',
      seq: null,
      id: null,
      message: `the anchor seq ${anchor.seq} is past the head (seq ${count}): rows after seq ${count} were deleted`,
    })
  }
  return { ok: true, count, head: count > 0 ? { seq: count, hash: prevHash } : null }
}
