/**
 * What runs on any JavaScript runtime (Node, workerd): schema, migrations, the audit chain, D1.
 * `@stratos/db` adds the Node engines (better-sqlite3, pg), backups and test helpers.
 */

export * from './audit/index.js'
export {
  createD1Database,
  D1_LIMITS,
  D1_TRANSACTION_ATTEMPTS,
  D1Adapter,
  type D1DatabaseOptions,
  D1LimitError,
  D1TransactionError,
  isD1,
} from './d1/createD1Database.js'
export type { D1Binding, D1Result, D1Statement } from './d1/d1Binding.js'
export { changeRows, type Executor, expectRows, guardAtCommit, type RowChange } from './expectRows.js'
export { CODE_SCHEMA_VERSION, migrateToLatest, type SchemaStatus, schemaStatus } from './migrate.js'
export { migrations } from './migrations/index.js'
export type { QueryEvent, StatementKind } from './queryEvents.js'
export * from './schema.js'
