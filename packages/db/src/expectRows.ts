import {
  CompiledQuery,
  type Expression,
  type Kysely,
  type OperationNode,
  type RawBuilder,
  type SqlBool,
  sql,
} from 'kysely'
import { D1_GUARD_MARK, D1_WRITTEN_MARK, D1TransactionError, isD1 } from './d1/createD1Database.js'

/** A Kysely database or transaction, of any schema. */
export interface Executor {
  readonly isTransaction: boolean
  getExecutor(): { readonly adapter: unknown }
}

/** An UPDATE or DELETE built with Kysely (`db.updateTable(…)…`, `db.deleteFrom(…)…`). */
export interface RowChange {
  toOperationNode(): OperationNode
  executeTakeFirst(): Promise<{ numUpdatedRows: bigint } | { numDeletedRows: bigint }>
}

/**
 * Runs `change` (an UPDATE or DELETE) when it changes exactly `rows` rows, and says whether it
 * did: how single-use things (a challenge, an enrollment link, a passkey's counter) are claimed so
 * that of concurrent requests only one wins.
 *
 * On SQLite and PostgreSQL the statement runs and its count is compared (inside a transaction a
 * `false` must lead to a throw, which rolls back). Inside a D1 transaction, whose writes are
 * deferred to the commit's batch, the rows it would change are counted now (unless the transaction
 * already wrote the table); when they match, the write is queued behind a guard that aborts the
 * batch if the count differs at that point of the commit (the transaction then runs again and sees
 * the other request's change, which its own checks refuse).
 */
export async function expectRows(db: Executor, change: RowChange, rows: number): Promise<boolean> {
  if (!(db.isTransaction && isD1(db))) return (await runChange(change)) === rows
  const planned = await planD1Change(db, change)
  if (planned.counted !== undefined && planned.counted !== rows) return false
  await planned.queue(rows)
  return true
}

/**
 * Runs `change` (an UPDATE or DELETE) and returns how many rows it changed. Inside a D1
 * transaction the rows are counted now and the write is queued behind a guard that the count is
 * the same at that point of the commit (else the transaction runs again); the transaction must not
 * have written the table before (the count would not see that write), which throws.
 */
export async function changeRows(db: Executor, change: RowChange): Promise<number> {
  if (!(db.isTransaction && isD1(db))) return runChange(change)
  const planned = await planD1Change(db, change)
  if (planned.counted === undefined) {
    throw new D1TransactionError(
      `changeRows of ${planned.table} after writing it inside a D1 transaction: the count would not see that write; change it first`,
    )
  }
  await planned.queue(planned.counted)
  return planned.counted
}

async function runChange(change: RowChange): Promise<number> {
  const result = await change.executeTakeFirst()
  return Number('numUpdatedRows' in result ? result.numUpdatedRows : result.numDeletedRows)
}

/**
 * The rows a change inside a D1 transaction would change, counted from committed data (undefined
 * when the transaction already wrote the table: its own writes could change the count), and how
 * to queue it behind a guard of the count it must find at its place in the commit's batch.
 */
async function planD1Change(db: Executor, change: RowChange) {
  const node = change.toOperationNode() as OperationNode & Record<string, unknown>
  const table = targetTable(node)
  const where = (node.where as { where: OperationNode } | undefined)?.where
  const kysely = db as unknown as Kysely<Record<string, Record<string, unknown>>>
  const counting = kysely
    .selectFrom(table)
    .select(sql<number>`count(*)`.as('n'))
    .$if(where !== undefined, (query) => query.where(asExpression(where!)))
  const { rows: answer } = await kysely.executeQuery<{ written: number }>(
    CompiledQuery.raw(D1_WRITTEN_MARK, [table]),
  )
  const counted = answer[0]?.written === 1 ? undefined : Number((await counting.executeTakeFirstOrThrow()).n)
  return {
    table,
    counted,
    async queue(rows: number) {
      await guardAtCommit(db, sql`(${counting}) = ${rows}`)
      await change.executeTakeFirst()
    },
  }
}

function targetTable(node: OperationNode & Record<string, unknown>): string {
  const froms = node.kind === 'DeleteQueryNode' ? (node.from as { froms: unknown[] }).froms : []
  const target =
    node.kind === 'UpdateQueryNode' && node.from === undefined
      ? node.table
      : froms.length === 1
        ? froms[0]
        : undefined
  const table = target as { kind?: string; table?: { identifier: { name: string } } } | undefined
  if (node.joins !== undefined || node.using !== undefined || table?.kind !== 'TableNode') {
    throw new Error('expectRows takes an UPDATE or DELETE of one table, without joins, aliases or FROM')
  }
  return table.table!.identifier.name
}

function asExpression(node: OperationNode): Expression<SqlBool> {
  return { expressionType: undefined, toOperationNode: () => node } as unknown as Expression<SqlBool>
}

/**
 * Inside a D1 transaction: queues `condition` (an SQL boolean) into the commit's batch at this
 * point, after the writes queued so far; false aborts the batch and the transaction runs again.
 * How an invariant over many rows (at least one admin, at most the maximum) holds on D1, where no
 * lock keeps what was read true until the commit. Elsewhere nothing is queued: SQLite's write lock
 * and PostgreSQL's row locks, taken by the transaction's first statements, keep it true.
 */
export async function guardAtCommit(db: Executor, condition: RawBuilder<unknown>): Promise<void> {
  if (!(db.isTransaction && isD1(db))) return
  const kysely = db as unknown as Kysely<unknown>
  const compiled = condition.compile(kysely)
  await kysely.executeQuery(
    CompiledQuery.raw(
      `${D1_GUARD_MARK}select case when (${compiled.sql}) then 1 else json('guardAtCommit: the condition failed') end`,
      [...compiled.parameters],
    ),
  )
}
