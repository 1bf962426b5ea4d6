import { type Database, migrateToLatest } from '@stratos/db'
import {
  DB_KINDS,
  type TestDatabases as DbTestDatabases,
  useTestDatabases as useDbTestDatabases,
} from '@stratos/db/testing'
import { useWorkerdDatabases } from './workerd.js'

export { DB_KINDS, type DbKind } from '@stratos/db/testing'

/**
 * Where the API tests of a deployment run: the app on Node with each engine, and the Worker in
 * workerd with D1 (`createTestApp` on a `workerd` database serves the app from the Worker).
 */
export const API_TARGETS = [...DB_KINDS, 'workerd'] as const
export type ApiTarget = (typeof API_TARGETS)[number]

export type TestDatabases = DbTestDatabases<Database>

/** Test helper (inside a `describe`): fresh databases of one engine with the API's schema. */
export function useTestDatabases(kind: ApiTarget): TestDatabases {
  if (kind === 'workerd') return { ...useWorkerdDatabases(), url: () => undefined }
  return useDbTestDatabases<Database>(kind, { migrate: migrateToLatest })
}
