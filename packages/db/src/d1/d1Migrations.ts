import {
  type CompiledQuery,
  type DatabaseConnection,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely'
import { migrations } from '../migrations/index.js'

/** One migration as the SQL file `wrangler d1 migrations apply` runs. */
export interface D1MigrationFile {
  /** `NNNN_name.sql`: the migration's name, so `schemaStatus` reads D1's record like Kysely's. */
  file: string
  sql: string
}

/**
 * The last migration written before D1 was served. A D1 database is created by applying all of
 * these together to an empty database, so the data-copying steps of 0006 (chaining existing audit
 * entries) find nothing and render to no statement. Later migrations are rendered only when they
 * are pure SQL.
 */
export const D1_BASELINE = '0012_credential_attestation'

/**
 * The migrations `stratos migrate` applies (`src/migrations/`), as the SQL they run on SQLite, one
 * file each: D1 gets the same schema from the same sources. A migration after {@link D1_BASELINE}
 * that reads data to decide what to write cannot be rendered and throws.
 */
export async function renderD1Migrations(): Promise<D1MigrationFile[]> {
  const files: D1MigrationFile[] = []
  for (const name of Object.keys(migrations).sort()) {
    const statements: string[] = []
    const db = new Kysely<unknown>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => ({
          init: async () => {},
          acquireConnection: async () => recorder(name, statements),
          beginTransaction: async () => {},
          commitTransaction: async () => {},
          rollbackTransaction: async () => {},
          releaseConnection: async () => {},
          destroy: async () => {},
        }),
        createIntrospector: (k) => new SqliteIntrospector(k),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    })
    await migrations[name]!.up(db)
    const header = `-- ${name}: rendered from packages/db/src/migrations/${name}.ts (npm run d1:migrations)\n`
    files.push({ file: `${name}.sql`, sql: `${header}${statements.map((s) => `${s};\n`).join('')}` })
  }
  return files
}

function recorder(migration: string, statements: string[]): DatabaseConnection {
  return {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const reads = /^\s*select\b/i.test(query.sql)
      if (reads && migration <= D1_BASELINE) return { rows: [] }
      if (reads || query.parameters.length > 0) {
        throw new Error(`Migration ${migration} reads data or binds parameters; it cannot be rendered as SQL`)
      }
      statements.push(query.sql)
      return { rows: [] }
    },
    // biome-ignore lint/correctness/useYield: migrations never stream
    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('migrations never stream')
    },
  }
}
