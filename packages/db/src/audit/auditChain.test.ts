import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Kysely, Migrator, sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { createDatabase } from '../createDatabase.js'
import { migrateToLatest } from '../migrate.js'
import { migrations } from '../migrations/index.js'
import type { Database } from '../schema.js'
import { DB_KINDS, useTestDatabases } from '../testing/useTestDatabases.js'
import { appendAuditEntry, selectAuditHead } from './appendAuditEntry.js'
import { AUDIT_GENESIS_HASH, encodeAuditEntry, hashAuditEntry } from './auditChain.js'
import { auditExportHeader, csvField, formatAuditEntry, readAuditEntries } from './auditExport.js'
import { verifyAuditChain } from './verifyAuditChain.js'

const entry = (n: number, overrides: Partial<Parameters<typeof appendAuditEntry>[1]> = {}) => ({
  id: `e${String(n).padStart(4, '0')}`,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  actor_user_id: 'u1',
  action: 'test.event',
  target: `t${n}`,
  details: JSON.stringify({ n }),
  request_id: null,
  ip: '192.0.2.1',
  user_agent: 'vitest',
  ...overrides,
})

async function appendMany(db: Kysely<Database>, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) await appendAuditEntry(db, entry(n))
}

describe('hashAuditEntry', () => {
  test('behavior: SHA-256 over the tagged JSON array of the fields in their fixed order', async () => {
    const fields = { ...entry(1), seq: 1, prev_hash: AUDIT_GENESIS_HASH }
    const encoded = encodeAuditEntry(fields)
    expect(JSON.parse(encoded)).toEqual([
      'stratos-audit-v1',
      1,
      'e0001',
      '2026-01-01T00:00:01.000Z',
      'u1',
      'test.event',
      't1',
      '{"n":1}',
      null,
      '192.0.2.1',
      'vitest',
      AUDIT_GENESIS_HASH,
    ])
    // Checked against node:crypto, not the Web Crypto the code uses.
    expect(await hashAuditEntry(fields)).toBe(createHash('sha256').update(encoded).digest('hex'))
  })

  test('behavior: a null and the string "null" hash differently', async () => {
    const fields = { ...entry(1), seq: 1, prev_hash: AUDIT_GENESIS_HASH }
    expect(await hashAuditEntry({ ...fields, target: null })).not.toBe(
      await hashAuditEntry({ ...fields, target: 'null' }),
    )
  })

  test('error: a seq that is not a positive integer is refused', () => {
    expect(() => encodeAuditEntry({ ...entry(1), seq: 0, prev_hash: AUDIT_GENESIS_HASH })).toThrow(TypeError)
  })
})

describe('csvField', () => {
  test('behavior: RFC 4180 quoting of commas, quotes and newlines', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"')
    expect(csvField(null)).toBe('')
    expect(csvField(7)).toBe('7')
  })

  test('behavior: a text that a spreadsheet would run as a formula is neutralized', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('+1')).toBe(`"'+1"`)
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`)
  })
})

describe.each(DB_KINDS)('audit chain on %s', (kind) => {
  const dbs = useTestDatabases<Database>(kind, { migrate: migrateToLatest, poolSize: 8 })

  test('behavior: appends link each entry to the one before; verify reports the count and head', async () => {
    const db = await dbs.fresh()
    const first = await appendAuditEntry(db, entry(1))
    const second = await appendAuditEntry(db, entry(2))
    expect(first.seq).toBe(1)
    expect(second.seq).toBe(2)
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()
    expect(rows.map((r) => r.prev_hash)).toEqual([AUDIT_GENESIS_HASH, first.hash])
    expect(await selectAuditHead(db)).toEqual(second)
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 2, head: second })
  })

  test('behavior: an empty log verifies with no head', async () => {
    const db = await dbs.fresh()
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 0, head: null })
  })

  test('behavior: concurrent appends, each in its own transaction, make one gapless valid chain', async () => {
    const db = await dbs.fresh()
    const n = 40
    // On PostgreSQL these run on up to 8 pooled connections at once.
    const links = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        db.transaction().execute(async (trx) => {
          const link = await appendAuditEntry(trx, entry(i + 1))
          // Some work after the append, inside the same transaction, while others wait.
          await trx.selectFrom('audit_log').select('seq').where('seq', '=', link.seq).execute()
          return link
        }),
      ),
    )
    expect(links.map((l) => l.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1))
    const result = await verifyAuditChain(db, { batchSize: 7 })
    expect(result).toMatchObject({ ok: true, count: n })
  })

  test('behavior: an append rolled back with its transaction leaves no gap', async () => {
    const db = await dbs.fresh()
    await appendAuditEntry(db, entry(1))
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAuditEntry(trx, entry(2))
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    await appendAuditEntry(db, entry(3))
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 2 })
  })

  test('error: an edited row is named', async () => {
    const db = await dbs.fresh()
    await appendMany(db, 5)
    await db.updateTable('audit_log').set({ details: '{"n":99}' }).where('seq', '=', 3).execute()
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      count: 2,
      problem: { kind: 'edited', seq: 3, id: 'e0003' },
    })
  })

  test('error: a deleted middle row is named by the row after the gap', async () => {
    const db = await dbs.fresh()
    await appendMany(db, 5)
    await db.deleteFrom('audit_log').where('seq', '=', 3).execute()
    const result = await verifyAuditChain(db)
    expect(result).toMatchObject({ ok: false, problem: { kind: 'missing', seq: 4, id: 'e0004' } })
    expect(!result.ok && result.problem.message).toContain('seq 3 is missing')
  })

  test('error: two rows whose seq were swapped are reported as reordered', async () => {
    const db = await dbs.fresh()
    await appendMany(db, 5)
    await swapSeq(db, 2, 4)
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      problem: { kind: 'unlinked', seq: 2, id: 'e0004' },
    })
  })

  test('behavior: an anchor still in the chain passes; a rewritten or truncated one fails', async () => {
    const db = await dbs.fresh()
    await appendMany(db, 4)
    const anchor = (await selectAuditHead(db))!
    await appendAuditEntry(db, entry(5))
    expect(await verifyAuditChain(db, { anchor })).toMatchObject({ ok: true, count: 5 })
    expect(await verifyAuditChain(db, { anchor: { seq: 4, hash: 'f'.repeat(64) } })).toMatchObject({
      ok: false,
      problem: { kind: 'anchor', seq: 4 },
    })
    // The newest rows deleted: a valid shorter chain, which only the anchor exposes.
    await db.deleteFrom('audit_log').where('seq', '>=', 4).execute()
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 3 })
    expect(await verifyAuditChain(db, { anchor })).toMatchObject({
      ok: false,
      problem: { kind: 'anchor', seq: null },
    })
  })

  test('behavior: readAuditEntries filters by time, action prefix and actor, in chain order', async () => {
    const db = await dbs.fresh()
    await appendAuditEntry(db, entry(1, { action: 'auth.sign_in.success' }))
    await appendAuditEntry(db, entry(2, { action: 'auth.sign_in.failure', actor_user_id: null }))
    await appendAuditEntry(db, entry(3, { action: 'canton.dar.upload', actor_user_id: 'u2' }))
    await appendAuditEntry(db, entry(4, { action: 'auth_other' }))
    const ids = async (filter: Parameters<typeof readAuditEntries>[1]) => {
      const out: string[] = []
      for await (const row of readAuditEntries(db, filter, 2)) out.push(row.id)
      return out
    }
    expect(await ids({})).toEqual(['e0001', 'e0002', 'e0003', 'e0004'])
    expect(await ids({ actionPrefix: 'auth.' })).toEqual(['e0001', 'e0002'])
    expect(await ids({ actorUserId: 'u2' })).toEqual(['e0003'])
    expect(await ids({ since: entry(2).at, until: entry(4).at })).toEqual(['e0002', 'e0003'])
  })

  test('behavior: CSV and JSON lines exports carry every field; CSV quotes what needs it', async () => {
    const db = await dbs.fresh()
    await appendAuditEntry(
      db,
      entry(1, { details: JSON.stringify({ note: 'a, "b"\nc' }), user_agent: 'UA, 1.0' }),
    )
    const rows = []
    for await (const r of readAuditEntries(db)) rows.push(r)
    const row = rows[0]
    const json = JSON.parse(formatAuditEntry(row!, 'jsonl'))
    expect(json).toMatchObject({ seq: 1, id: 'e0001', details: { note: 'a, "b"\nc' }, userAgent: 'UA, 1.0' })
    expect(auditExportHeader('csv')).toBe(
      'seq,id,at,actorUserId,action,target,details,requestId,ip,userAgent,prevHash,hash\r\n',
    )
    const csv = formatAuditEntry(row!, 'csv')
    expect(csv).toContain(',"{""note"":""a, \\""b\\""\\nc""}",')
    expect(csv).toContain(',"UA, 1.0",')
    expect(csv.endsWith(`,${row!.hash}\r\n`)).toBe(true)
  })
})

describe.each(DB_KINDS)('migration 0006_audit_chain on %s', (kind) => {
  const dbs = useTestDatabases<Database>(kind, {
    // Stop at the migration before: the test writes entries as the old schema had them.
    migrate: (db) =>
      new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0004_defi_vaults'),
  })

  test('behavior: chains the existing entries in (at, id) order; the chain verifies and appends continue it', async () => {
    const db = await dbs.fresh()
    const old = [
      { id: 'b', at: '2026-01-01T00:00:02.000Z' },
      { id: 'a', at: '2026-01-01T00:00:02.000Z' },
      { id: 'c', at: '2026-01-01T00:00:01.000Z' },
    ]
    await sql`insert into audit_log (id, at, actor_user_id, action, target, details, request_id, ip)
      values ${sql.join(old.map((r) => sql`(${r.id}, ${r.at}, ${'u1'}, ${'canton.dar.upload'}, ${null}, ${'{}'}, ${'r1'}, ${'192.0.2.9'})`))}`.execute(
      db,
    )
    await migrateToLatest(db)
    const rows = await db.selectFrom('audit_log').select(['seq', 'id', 'user_agent']).orderBy('seq').execute()
    expect(rows).toEqual([
      { seq: 1, id: 'c', user_agent: null },
      { seq: 2, id: 'a', user_agent: null },
      { seq: 3, id: 'b', user_agent: null },
    ])
    await appendAuditEntry(db, entry(1, { actor_user_id: null }))
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 4 })
  })
})

/** Swaps the seq of two rows, as someone reordering the log would (the unique index allows no overlap). */
async function swapSeq(db: Kysely<Database>, a: number, b: number): Promise<void> {
  const update = (from: number, to: number) =>
    sql`update audit_log set seq = ${to} where seq = ${from}`.execute(db)
  await update(a, -1)
  await update(b, a)
  await update(-1, b)
}

describe('appendAuditEntry from several processes on one SQLite file', () => {
  test('behavior: concurrent appends from three processes make one gapless valid chain', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stratos-audit-chain-'))
    try {
      const file = join(folder, 'stratos.sqlite')
      const db = createDatabase({ kind: 'sqlite', file })
      await migrateToLatest(db)
      const script = fileURLToPath(new URL('../testing/appendAuditEntries.ts', import.meta.url))
      const run = (prefix: string) =>
        new Promise<{ code: number | null; stderr: string }>((done) => {
          const child = spawn(process.execPath, ['--import', 'tsx', script, file, prefix, '10'])
          let stderr = ''
          child.stderr.on('data', (d: Buffer) => {
            stderr += d.toString()
          })
          child.once('close', (code) => done({ code, stderr }))
        })
      const results = await Promise.all(['a', 'b', 'c'].map(run))
      expect(results).toEqual([0, 0, 0].map((code) => ({ code, stderr: '' })))
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 30 })
      await db.destroy()
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
    // Three Node processes with a TypeScript loader start slowly on a busy machine.
  }, 120_000)
})
