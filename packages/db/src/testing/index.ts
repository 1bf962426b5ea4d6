/** Test helpers of `@stratos/db` (they import vitest: not for production code). */
export { type PostgresServer, startPostgres } from './startPostgres.js'
export {
  DB_KINDS,
  type DbKind,
  type TestDatabases,
  type UseTestDatabasesOptions,
  useTestDatabases,
} from './useTestDatabases.js'
