import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type LogEvent,
  type OperationNode,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type TransactionBuilder,
} from 'kysely'
import { type QueryEvent, queryEventOf } from '../queryEvents.js'
import type { D1Binding, D1Statement } from './d1Binding.js'

/** D1's limits on one statement (developers.cloudflare.com/d1/platform/limits). */
export const D1_LIMITS = { boundParameters: 100, statementBytes: 100_000 } as const

/** How many times a transaction is run when its batch meets a concurrent change. */
export const D1_TRANSACTION_ATTEMPTS = 5

/** Marks a guard statement (see `expectRows`): queued into the batch like a write. */
export const D1_GUARD_MARK = '/* stratos:d1-guard */ '
/**
 * Marks a question to the connection, never sent to D1: whether the transaction has written the
 * table named by the one parameter (answers one row `{ written: 0 | 1 }`).
 */
export const D1_WRITTEN_MARK = '/* stratos:d1-written */ select ?'

/**
 * A transaction used D1 in a way its deferred batch cannot honour: a read of a table the same
 * transaction wrote, or a write with RETURNING. A programming error: the code must read first.
 */
export class D1TransactionError extends Error {
  override name = 'D1TransactionError'
}

/** A statement beyond D1's limits (bound parameters, statement size). */
export class D1LimitError extends Error {
  override name = 'D1LimitError'
}

/**
 * The commit's batch was refused by a guard or a constraint: data the transaction read changed
 * before it committed. The transaction is run again on what is committed now.
 */
class D1Conflict extends Error {
  override name = 'D1Conflict'
}

/** The adapter of D1 databases: SQLite's, named so code can tell D1's transactions apart. */
export class D1Adapter extends SqliteAdapter {}

export interface D1DatabaseOptions {
  /** Told of every statement, after it ran (e.g. to time queries). Never sees SQL or parameters. */
  onQuery?: (query: QueryEvent) => void
}

/**
 * Kysely over a D1 binding. D1 runs each statement, or each batch, atomically and one at a time,
 * but has no interactive transactions, so `db.transaction()` is optimistic here:
 *
 * - reads run at once and see committed data; a read of a table the transaction already wrote
 *   throws {@link D1TransactionError} (it could not see that write);
 * - writes are deferred and committed together as one batch when the callback returns: all apply
 *   or none does; their results (affected rows) are not known inside the callback, and RETURNING
 *   throws {@link D1TransactionError};
 * - a write whose effect the code depends on goes through `expectRows`, which checks the rows it
 *   would change now and puts a guard into the batch that aborts it if they changed since;
 * - a batch aborted by a guard or a constraint (a unique index: two appends to the audit chain,
 *   say) runs the whole callback again, up to {@link D1_TRANSACTION_ATTEMPTS} times; the rerun
 *   reads what the other request committed and takes its own path (often a clear refusal).
 *
 * The callback must therefore have no effect outside the database.
 */
export function createD1Database<DB>(binding: D1Binding, options: D1DatabaseOptions = {}): Kysely<DB> {
  const { onQuery } = options
  return new D1Kysely<DB>({
    dialect: {
      createAdapter: () => new D1Adapter(),
      createDriver: () => new D1Driver(binding),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
    ...(onQuery ? { log: (event: LogEvent) => onQuery(queryEventOf(event)) } : {}),
  })
}

/** Whether `db` (or a transaction of it) is a D1 database. */
export function isD1(db: { getExecutor(): { readonly adapter: unknown } }): boolean {
  return db.getExecutor().adapter instanceof D1Adapter
}

class D1Kysely<DB> extends Kysely<DB> {
  override transaction(): TransactionBuilder<DB> {
    const builder = super.transaction()
    const once = builder.execute.bind(builder)
    const execute: TransactionBuilder<DB>['execute'] = async (callback) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(callback)
        } catch (error) {
          if (!(error instanceof D1Conflict) || attempt >= D1_TRANSACTION_ATTEMPTS) {
            throw error instanceof D1Conflict ? error.cause : error
          }
        }
      }
    }
    return Object.assign(Object.create(builder) as TransactionBuilder<DB>, { execute })
  }
}

class D1Driver implements Driver {
  constructor(private readonly binding: D1Binding) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<D1Connection> {
    return new D1Connection(this.binding)
  }
  async beginTransaction(connection: D1Connection): Promise<void> {
    connection.begin()
  }
  async commitTransaction(connection: D1Connection): Promise<void> {
    await connection.commit()
  }
  async rollbackTransaction(connection: D1Connection): Promise<void> {
    connection.rollback()
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

interface DeferredBatch {
  statements: CompiledQuery[]
  /** Tables written by the deferred statements. */
  written: Set<string>
}

class D1Connection implements DatabaseConnection {
  #batch: DeferredBatch | null = null

  constructor(private readonly binding: D1Binding) {}

  begin(): void {
    this.#batch = { statements: [], written: new Set() }
  }

  rollback(): void {
    this.#batch = null
  }

  async commit(): Promise<void> {
    const batch = this.#batch
    this.#batch = null
    if (!batch || batch.statements.length === 0) return
    try {
      await this.binding.batch(batch.statements.map((query) => this.prepare(query)))
    } catch (error) {
      if (isConflict(error)) throw new D1Conflict('the data changed before the commit', { cause: error })
      throw error
    }
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    checkLimits(compiled)
    const shape = shapeOf(compiled)
    const batch = this.#batch
    if (compiled.sql === D1_WRITTEN_MARK) {
      const table = String(compiled.parameters[0])
      return { rows: [{ written: batch?.written.has(table) || batch?.written.has('*') ? 1 : 0 } as R] }
    }
    if (batch) {
      if (compiled.sql.startsWith(D1_GUARD_MARK)) {
        batch.statements.push(compiled)
        return { rows: [] }
      }
      if (shape.write) {
        if (shape.returning) {
          throw new D1TransactionError(
            `A write with RETURNING inside a D1 transaction (${shape.tables.join(', ')}): its result is only known at commit; read the rows first`,
          )
        }
        batch.statements.push(compiled)
        for (const table of shape.tables) batch.written.add(table)
        return { rows: [] }
      }
      const stale = shape.tables.find((table) => batch.written.has(table) || batch.written.has('*'))
      if (stale !== undefined) {
        throw new D1TransactionError(
          `A read of ${stale} after writing it inside a D1 transaction: it would not see the write; read before writing`,
        )
      }
    }
    const result = await this.prepare(compiled).all<R>()
    if (!shape.write) return { rows: result.results }
    return {
      rows: result.results,
      numAffectedRows: BigInt(result.meta.changes ?? 0),
      ...(result.meta.last_row_id !== undefined ? { insertId: BigInt(result.meta.last_row_id) } : {}),
    }
  }

  // biome-ignore lint/correctness/useYield: D1 answers whole results; Kysely's stream() is not used on it
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('D1 does not stream query results')
  }

  private prepare(compiled: CompiledQuery): D1Statement {
    const statement = this.binding.prepare(compiled.sql)
    return compiled.parameters.length ? statement.bind(...compiled.parameters.map(toD1Value)) : statement
  }
}

/** D1 binds strings, numbers, null and bytes; SQLite's booleans are 0/1. */
function toD1Value(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
      throw new D1LimitError(`The integer ${value} does not fit a JavaScript number, which D1 binds`)
    return Number(value)
  }
  if (value === undefined) return null
  return value
}

const encoder = new TextEncoder()

function checkLimits(compiled: CompiledQuery): void {
  if (compiled.parameters.length > D1_LIMITS.boundParameters) {
    throw new D1LimitError(
      `A statement binds ${compiled.parameters.length} parameters; D1 allows ${D1_LIMITS.boundParameters}: split it`,
    )
  }
  const bytes = encoder.encode(compiled.sql).length
  if (bytes > D1_LIMITS.statementBytes) {
    throw new D1LimitError(
      `A statement is ${bytes} bytes long; D1 allows ${D1_LIMITS.statementBytes}: split it`,
    )
  }
}

/** A batch refused by a guard of `expectRows` (its `json()` of a non-JSON text) or a constraint. */
function isConflict(error: unknown): boolean {
  const message = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error)
  return /malformed JSON|SQLITE_CONSTRAINT|constraint failed/i.test(message)
}

interface Shape {
  write: boolean
  returning: boolean
  /** The tables a write changes, or every table a read reads; `*` for a statement of unknown reach. */
  tables: string[]
}

const WRITE_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode'])
const READ_KEYWORDS = new Set(['select', 'with', 'pragma', 'explain'])

function shapeOf(compiled: CompiledQuery): Shape {
  const node = compiled.query as OperationNode & Record<string, unknown>
  if (node.kind === 'SelectQueryNode') return { write: false, returning: false, tables: tablesIn(node) }
  if (WRITE_NODES.has(node.kind)) {
    const target =
      node.kind === 'InsertQueryNode' ? node.into : node.kind === 'UpdateQueryNode' ? node.table : node.from
    return { write: true, returning: node.returning !== undefined, tables: tablesIn(target) }
  }
  // Raw SQL (sql`…`, CompiledQuery.raw) and schema statements: the text says what they are.
  const text = compiled.sql.replace(/^\s*(\/\*.*?\*\/\s*)*/s, '')
  const keyword = /^(\w+)/.exec(text)?.[1]?.toLowerCase() ?? ''
  const named = [...text.matchAll(/\b(?:from|join|into|update|table)\s+["`]?(\w+)/gi)].map((m) => m[1]!)
  if (READ_KEYWORDS.has(keyword)) return { write: false, returning: false, tables: named }
  const isDml = ['insert', 'update', 'delete', 'replace'].includes(keyword)
  return {
    write: true,
    returning: /\breturning\b/i.test(text),
    tables: isDml && named.length > 0 ? [named[0]!] : ['*'],
  }
}

/** Names of the tables an operation node refers to. */
function tablesIn(node: unknown, found: Set<string> = new Set()): string[] {
  if (Array.isArray(node)) {
    for (const item of node) tablesIn(item, found)
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown> & { kind?: string }
    if (record.kind === 'TableNode') {
      const table = record.table as { identifier: { name: string } }
      found.add(table.identifier.name)
    } else {
      for (const value of Object.values(record)) tablesIn(value, found)
    }
  }
  return [...found]
}
