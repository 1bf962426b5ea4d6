import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDatabase } from './createDatabase.js'
import type { QueryEvent } from './queryEvents.js'
import { type PostgresServer, startPostgres } from './testing/startPostgres.js'

describe.each(['sqlite', 'postgres'] as const)('createDatabase onQuery on %s', (kind) => {
  let pgServer: PostgresServer | undefined
  beforeAll(async () => {
    if (kind === 'postgres') pgServer = await startPostgres()
  })
  afterAll(async () => {
    await pgServer?.stop()
  })

  test('behavior: hears every statement with its kind, outcome and a duration', async () => {
    const events: QueryEvent[] = []
    const onQuery = (event: QueryEvent) => events.push(event)
    const opened =
      kind === 'sqlite'
        ? createDatabase({ kind, file: ':memory:' }, { onQuery })
        : createDatabase({ kind, url: pgServer!.url }, { onQuery })
    const db = opened.withTables<{ things: { id: string } }>()
    try {
      await db.schema
        .createTable('things')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .execute()
      await db.insertInto('things').values({ id: 'a' }).execute()
      await db.updateTable('things').set({ id: 'b' }).execute()
      await db.selectFrom('things').selectAll().execute()
      // Raw SQL carries no query node: its first keyword gives the kind.
      await sql`SELECT 1`.execute(db)
      await db.deleteFrom('things').execute()
      // A second row with the same primary key: the engine refuses it.
      await db.insertInto('things').values({ id: 'c' }).execute()
      await expect(db.insertInto('things').values({ id: 'c' }).execute()).rejects.toThrow()

      expect(events.map(({ kind, outcome }) => `${kind}:${outcome}`)).toEqual([
        'other:ok',
        'insert:ok',
        'update:ok',
        'select:ok',
        'select:ok',
        'delete:ok',
        'insert:ok',
        'insert:error',
      ])
      for (const event of events) expect(event.durationMs).toBeGreaterThanOrEqual(0)
    } finally {
      await opened.destroy()
    }
  })
})

describe('createDatabase on a SQLite file', () => {
  test('behavior: WAL, synchronous FULL and foreign keys, on every open (they are per connection)', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = mkdtempSync(join(tmpdir(), 'stratos-db-'))
    try {
      for (let open = 0; open < 2; open++) {
        const db = createDatabase({ kind: 'sqlite', file: join(dir, 'stratos.sqlite') })
        const pragma = async (name: string) =>
          Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0]
        expect(await pragma('journal_mode')).toBe('wal')
        // 2 = FULL (1 would be NORMAL, better-sqlite3's default for WAL).
        expect(await pragma('synchronous')).toBe(2)
        expect(await pragma('foreign_keys')).toBe(1)
        await db.destroy()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('SQLite file modes', () => {
  test('behavior: a new data folder is 0700 and the database and its WAL files 0600; exposure names wider modes', async () => {
    const { chmodSync, mkdtempSync, rmSync, statSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { sqliteFileExposure } = await import('./createDatabase.js')
    const dir = mkdtempSync(join(tmpdir(), 'stratos-db-mode-'))
    const file = join(dir, 'data', 'stratos.sqlite')
    try {
      const db = createDatabase({ kind: 'sqlite', file })
      await sql`create table t (x integer)`.execute(db)
      await sql`insert into t values (1)`.execute(db)
      const mode = (path: string) => statSync(path).mode & 0o777
      expect(mode(join(dir, 'data'))).toBe(0o700)
      for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(mode(path)).toBe(0o600)
      expect(sqliteFileExposure(file, { folder: true })).toEqual([])
      chmodSync(file, 0o644)
      chmodSync(join(dir, 'data'), 0o755)
      expect(sqliteFileExposure(file, { folder: true })).toEqual([
        `${join(dir, 'data')} is open to other users (mode 0755): chmod 700 ${join(dir, 'data')}`,
        `${file} is open to other users (mode 0644): chmod 600 ${file}`,
      ])
      expect(sqliteFileExposure(file)).toHaveLength(1)
      await db.destroy()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
