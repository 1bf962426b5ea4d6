import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  appendAuditEntry,
  createDatabase,
  type Database,
  migrateToLatest,
  selectAuditHead,
} from '@stratos/db'
import { DB_KINDS, useTestDatabases } from '@stratos/db/testing'
import { type Kysely, sql } from 'kysely'
import { afterAll, describe, expect, test } from 'vitest'
import { runCli, startServe } from '../testing/serveProcess.js'

const folders: string[] = []
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

const entry = (n: number) => ({
  id: `e${n}`,
  at: new Date(Date.UTC(2026, 0, 2, 0, 0, n)).toISOString(),
  actor_user_id: n === 2 ? null : 'u1',
  action: n === 2 ? 'auth.sign_in.failure' : 'canton.dar.upload',
  target: n === 3 ? 'two\nlines, "q"' : `t${n}`,
  details: JSON.stringify(n === 3 ? { note: 'a, "quoted"\nline' } : { n }),
  request_id: null,
  ip: '192.0.2.7',
  user_agent: 'cli-test',
})

describe.each(DB_KINDS)('stratos audit (compiled build) on %s', (kind) => {
  const pg = useTestDatabases<Database>('postgres', { migrate: migrateToLatest })

  /** A migrated instance database with `count` chained entries, and the environment that names it. */
  async function instance(count: number): Promise<{ db: Kysely<Database>; env: Record<string, string> }> {
    let db: Kysely<Database>
    let env: Record<string, string>
    if (kind === 'sqlite') {
      const folder = mkdtempSync(join(tmpdir(), 'stratos-audit-cli-'))
      folders.push(folder)
      db = createDatabase({ kind, file: join(folder, 'stratos.sqlite') })
      await migrateToLatest(db)
      env = { DATA_DIR: folder }
    } else {
      db = await pg.fresh()
      env = { DATABASE_URL: pg.url()! }
    }
    for (let n = 1; n <= count; n++) await appendAuditEntry(db, entry(n))
    return { db, env }
  }

  const verify = (env: Record<string, string>, ...args: string[]) => runCli(['audit', 'verify', ...args], env)

  test('behavior: verify reports OK with the count and head hash (exit 0)', async () => {
    const { db, env } = await instance(5)
    const head = (await selectAuditHead(db))!
    const { code, stdout, stderr } = await verify(env)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toContain(`stratos audit verify: OK, 5 entries, head seq 5 hash ${head.hash}`)
  })

  test('error: an UPDATE of one row’s details is named by seq and id (exit 1)', async () => {
    const { db, env } = await instance(5)
    await db.updateTable('audit_log').set({ details: '{"n":42}' }).where('seq', '=', 3).execute()
    const { code, stderr } = await verify(env)
    expect(code).toBe(1)
    expect(stderr).toContain('FAILED (edited) at seq 3 id e3')
    expect(stderr).toContain('The 2 entries before it verify')
  })

  test('error: a DELETE of a middle row is named (exit 1)', async () => {
    const { db, env } = await instance(5)
    await db.deleteFrom('audit_log').where('seq', '=', 2).execute()
    const { code, stderr } = await verify(env)
    expect(code).toBe(1)
    expect(stderr).toContain('FAILED (missing) at seq 3 id e3: seq 2 is missing')
  })

  test('error: a swap of two rows’ seq is named (exit 1)', async () => {
    const { db, env } = await instance(5)
    await sql`update audit_log set seq = -1 where seq = 2`.execute(db)
    await sql`update audit_log set seq = 2 where seq = 4`.execute(db)
    await sql`update audit_log set seq = 4 where seq = -1`.execute(db)
    const { code, stderr } = await verify(env)
    expect(code).toBe(1)
    expect(stderr).toContain('FAILED (unlinked) at seq 2 id e4')
    expect(stderr).toContain('reordered')
  })

  test('behavior: --anchor passes while the chain holds it, and fails once the rows after it are gone', async () => {
    const { db, env } = await instance(3)
    const anchor = (await selectAuditHead(db))!
    await appendAuditEntry(db, entry(4))
    const holds = await verify(env, '--anchor', `${anchor.seq}:${anchor.hash}`)
    expect(holds.code).toBe(0)
    expect(holds.stdout).toContain(`anchor 3:${anchor.hash} holds`)
    // Truncating the newest rows leaves a valid chain: only the anchor shows it.
    await db.deleteFrom('audit_log').where('seq', '>=', 3).execute()
    expect((await verify(env)).code).toBe(0)
    const truncated = await verify(env, '--anchor', `${anchor.seq}:${anchor.hash}`)
    expect(truncated.code).toBe(1)
    expect(truncated.stderr).toContain('FAILED (anchor)')
    const malformed = await verify(env, '--anchor', 'three:abc')
    expect(malformed.code).toBe(2)
    expect(malformed.stderr).toContain('--anchor must be SEQ:HASH')
  })

  test('behavior: stratos serve logs the head as audit.anchor at start; verify --anchor accepts it', async () => {
    const { db, env } = await instance(2)
    const head = (await selectAuditHead(db))!
    const serve = await startServe({
      ...env,
      PUBLIC_ORIGIN: 'https://wallet.example.com',
      SESSION_SECRET: 'session-secret-0123456789abcdefghijkl',
      INSTANCE_KEY: 'instance-key-0123456789abcdefghijklmn',
      LOG_LEVEL: 'info',
    })
    const output = serve.output()
    expect(await serve.stop()).toBe(0)
    const line = output
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.event === 'audit.anchor')
    expect(line).toMatchObject({ msg: 'audit.anchor', seq: 2, hash: head.hash })
    const checked = await verify(env, '--anchor', `${line!.seq}:${line!.hash}`)
    expect(checked.code).toBe(0)
  })

  test('behavior: export writes JSON lines or CSV to stdout, filtered by --since/--until', async () => {
    const { env } = await instance(4)
    const jsonl = await runCli(['audit', 'export'], env)
    expect(jsonl.code).toBe(0)
    const lines = jsonl.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.map((l) => l.id)).toEqual(['e1', 'e2', 'e3', 'e4'])
    expect(lines[1]).toMatchObject({ seq: 2, actorUserId: null, action: 'auth.sign_in.failure' })
    expect(lines[2].details).toEqual({ note: 'a, "quoted"\nline' })

    const csv = await runCli(
      ['audit', 'export', '--format', 'csv', '--since', entry(2).at, '--until', entry(4).at],
      env,
    )
    expect(csv.code).toBe(0)
    expect(csv.stdout.startsWith('seq,id,at,actorUserId,action,target,details,')).toBe(true)
    expect(csv.stdout).toContain(
      `2,e2,${entry(2).at},,auth.sign_in.failure,t2,"{""n"":2}",,192.0.2.7,cli-test,`,
    )
    expect(csv.stdout).toContain('"{""note"":""a, \\""quoted\\""\\nline""}"')
    // A raw newline (in the target) stays inside its quoted field.
    expect(csv.stdout).toContain(',"two\nlines, ""q""",')
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(3)

    const bad = await runCli(['audit', 'export', '--format', 'xml'], env)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--format must be jsonl or csv')
  })
})

describe('stratos serve AUDIT_ANCHOR_INTERVAL_SECONDS', () => {
  test('error: a value that is not a positive whole number of seconds stops the start, named', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stratos-audit-cli-'))
    folders.push(folder)
    const result = await runCli(['serve'], {
      PUBLIC_ORIGIN: 'https://wallet.example.com',
      SESSION_SECRET: 'session-secret-0123456789abcdefghijkl',
      INSTANCE_KEY: 'instance-key-0123456789abcdefghijklmn',
      DATA_DIR: folder,
      AUDIT_ANCHOR_INTERVAL_SECONDS: '0',
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      "  - AUDIT_ANCHOR_INTERVAL_SECONDS must be a whole number of seconds from 1 to 9999999, got '0'",
    )
  })
})
