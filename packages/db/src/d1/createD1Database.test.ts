import { type Kysely, sql } from 'kysely'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { changeRows, expectRows, guardAtCommit } from '../expectRows.js'
import { createD1Database, D1_LIMITS, D1LimitError, D1TransactionError } from './createD1Database.js'
import type { D1Binding } from './d1Binding.js'

interface Db {
  tokens: { id: string; used: number }
  log: { id: number; note: string }
}

/** D1 as workerd runs it (Miniflare, local): the dialect against the real binding. */
describe('createD1Database', () => {
  let mf: Miniflare
  let databases = 0
  beforeAll(() => {
    mf = new Miniflare({
      modules: true,
      script: 'export default { fetch() { return new Response(null, { status: 404 }) } }',
      d1Databases: Array.from({ length: 8 }, (_, i) => `DB_${i}`),
    })
  })
  afterAll(() => mf.dispose())

  async function fresh(): Promise<Kysely<Db>> {
    const binding = (await mf.getD1Database(`DB_${databases++}`)) as unknown as D1Binding
    await binding.batch([
      binding.prepare('create table tokens (id text primary key, used integer not null)'),
      binding.prepare('create table log (id integer primary key, note text not null)'),
    ])
    return createD1Database<Db>(binding)
  }

  test('behavior: a transaction commits its writes together, or none of them', async () => {
    const db = await fresh()
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('tokens').values({ id: 'a', used: 0 }).execute()
      await trx.insertInto('log').values({ id: 1, note: 'a issued' }).execute()
    })
    expect(await db.selectFrom('log').selectAll().execute()).toEqual([{ id: 1, note: 'a issued' }])
    // The second insert breaks the primary key of log: the first write of the batch is undone too.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('tokens').values({ id: 'b', used: 0 }).execute()
        await trx.insertInto('log').values({ id: 1, note: 'again' }).execute()
      }),
    ).rejects.toThrow(/UNIQUE constraint failed/)
    expect(await db.selectFrom('tokens').select('id').execute()).toEqual([{ id: 'a' }])
    // A callback that throws commits nothing.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('tokens').values({ id: 'c', used: 0 }).execute()
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(await db.selectFrom('tokens').select('id').execute()).toEqual([{ id: 'a' }])
  })

  test('error: a read of a table the transaction wrote, or RETURNING, throws D1TransactionError', async () => {
    const db = await fresh()
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('tokens').values({ id: 'a', used: 0 }).execute()
        await trx.selectFrom('tokens').selectAll().execute()
      }),
    ).rejects.toThrow(D1TransactionError)
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('tokens').values({ id: 'a', used: 0 }).returning('id').execute()
      }),
    ).rejects.toThrow(/RETURNING/)
    // Another table may be read after a write.
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('tokens').values({ id: 'a', used: 0 }).execute()
      expect(await trx.selectFrom('log').selectAll().execute()).toEqual([])
    })
    expect(await db.selectFrom('tokens').select('id').execute()).toEqual([{ id: 'a' }])
  })

  test('behavior: of concurrent claims of one row with expectRows, exactly one commits', async () => {
    const db = await fresh()
    await db.insertInto('tokens').values({ id: 't', used: 0 }).execute()
    const claim = (n: number) =>
      db.transaction().execute(async (trx) => {
        const claimed = await expectRows(
          trx,
          trx.updateTable('tokens').set({ used: 1 }).where('id', '=', 't').where('used', '=', 0),
          1,
        )
        if (!claimed) return false
        await trx
          .insertInto('log')
          .values({ id: n, note: `claimed by ${n}` })
          .execute()
        return true
      })
    const outcomes = await Promise.all([1, 2, 3, 4, 5, 6].map(claim))
    expect(outcomes.filter(Boolean)).toHaveLength(1)
    expect(await db.selectFrom('log').selectAll().execute()).toHaveLength(1)
  })

  test('behavior: guardAtCommit aborts a batch whose invariant a concurrent commit broke; the rerun refuses', async () => {
    const db = await fresh()
    await db
      .insertInto('tokens')
      .values([
        { id: 'x', used: 0 },
        { id: 'y', used: 0 },
      ])
      .execute()
    // Each removes one token unless it is the last: at most one of two concurrent removals passes.
    const remove = (id: string) =>
      db.transaction().execute(async (trx) => {
        const { n } = await trx
          .selectFrom('tokens')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
        if (Number(n) <= 1) return 'last'
        await trx.deleteFrom('tokens').where('id', '=', id).execute()
        await guardAtCommit(trx, sql`(select count(*) from tokens) >= 1`)
        return 'removed'
      })
    expect((await Promise.all([remove('x'), remove('y')])).sort()).toEqual(['last', 'removed'])
    expect(await db.selectFrom('tokens').select('id').execute()).toHaveLength(1)
  })

  test('behavior: changeRows counts the rows it changes, and refuses a table already written', async () => {
    const db = await fresh()
    await db
      .insertInto('tokens')
      .values(['a', 'b', 'c'].map((id) => ({ id, used: 0 })))
      .execute()
    const changed = await db
      .transaction()
      .execute((trx) => changeRows(trx, trx.updateTable('tokens').set({ used: 1 }).where('id', '!=', 'c')))
    expect(changed).toBe(2)
    expect(await db.selectFrom('tokens').select('id').where('used', '=', 1).execute()).toHaveLength(2)
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('tokens').values({ id: 'd', used: 0 }).execute()
        await changeRows(trx, trx.updateTable('tokens').set({ used: 2 }))
      }),
    ).rejects.toThrow(D1TransactionError)
  })

  test("error: a statement beyond D1's limits is refused before it is sent", async () => {
    const db = await fresh()
    const rows = Array.from({ length: D1_LIMITS.boundParameters }, (_, i) => ({ id: `t${i}`, used: 0 }))
    await expect(db.insertInto('tokens').values(rows).execute()).rejects.toThrow(D1LimitError)
    await expect(
      db
        .insertInto('log')
        .values({ id: 1, note: 'x'.repeat(D1_LIMITS.statementBytes) })
        .execute(),
    ).resolves.toBeDefined()
    await expect(
      sql`select ${sql.raw(`'${'x'.repeat(D1_LIMITS.statementBytes)}'`)}`.execute(db),
    ).rejects.toThrow(/bytes long/)
  })
})
