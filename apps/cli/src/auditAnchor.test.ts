import { Writable } from 'node:stream'
import { createLogger } from '@stratos/api'
import { AUDIT_GENESIS_HASH, appendAuditEntry, createDatabase, migrateToLatest } from '@stratos/db'
import { describe, expect, test } from 'vitest'
import { logAuditAnchor, startAuditAnchors } from './auditAnchor.js'

/** A logger whose lines are parsed into `lines`; `next()` resolves with the next line written. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = []
  const waiting: ((line: Record<string, unknown>) => void)[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      const line = JSON.parse(String(chunk)) as Record<string, unknown>
      lines.push(line)
      waiting.shift()?.(line)
      done()
    },
  })
  return {
    logger: createLogger({ destination }),
    lines,
    next: () => new Promise<Record<string, unknown>>((resolve) => waiting.push(resolve)),
  }
}

const entry = (n: number) => ({
  id: `e${n}`,
  at: new Date(Date.UTC(2026, 0, 3, 0, 0, n)).toISOString(),
  actor_user_id: 'u1',
  action: 'test.event',
  target: null,
  details: '{}',
  request_id: null,
  ip: null,
  user_agent: null,
})

describe('logAuditAnchor', () => {
  test('behavior: logs audit.anchor with the head seq and hash (seq 0 and the genesis hash when empty)', async () => {
    const db = createDatabase({ kind: 'sqlite', file: ':memory:' })
    await migrateToLatest(db)
    const { logger, lines } = capturedLogger()
    await logAuditAnchor(db, logger)
    const head = await appendAuditEntry(db, entry(1))
    await logAuditAnchor(db, logger)
    expect(lines.map(({ event, seq, hash, msg }) => ({ event, seq, hash, msg }))).toEqual([
      { event: 'audit.anchor', seq: 0, hash: AUDIT_GENESIS_HASH, msg: 'audit.anchor' },
      { event: 'audit.anchor', seq: 1, hash: head.hash, msg: 'audit.anchor' },
    ])
    await db.destroy()
  })
})

describe('startAuditAnchors', () => {
  test('behavior: logs the head on every tick until stopped', async () => {
    const db = createDatabase({ kind: 'sqlite', file: ':memory:' })
    await migrateToLatest(db)
    const { logger, next } = capturedLogger()
    const stop = startAuditAnchors(db, logger, 5)
    expect((await next()).seq).toBe(0)
    const head = await appendAuditEntry(db, entry(1))
    // A tick may have read the head before the append: wait for one that saw it.
    let line = await next()
    while (line.seq !== 1) line = await next()
    expect(line).toMatchObject({ event: 'audit.anchor', hash: head.hash })
    stop()
    await db.destroy()
  })
})
