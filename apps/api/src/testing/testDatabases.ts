import { type Database, migrateToLatest } from '@stratos/db'
import {
  type TestDatabases as DbTestDatabases,
  useTestDatabases as useDbTestDatabases,
} from '@stratos/db/testing'

export { DB_KINDS, type DbKind } from '@stratos/db/testing'

export type TestDatabases = DbTestDatabases<Database>

/** Test helper (inside a `describe`): fresh databases of one engine with the API's schema. */
export function useTestDatabases(kind: 'sqlite' | 'postgres'): TestDatabases {
  return useDbTestDatabases<Database>(kind, { migrate: migrateToLatest })
}
