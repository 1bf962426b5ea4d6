import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { CODE_SCHEMA_VERSION, migrateToLatest, schemaStatus } from './migrate.js'
import { migrations } from './migrations/index.js'
import type { Database } from './schema.js'
import { DB_KINDS, useTestDatabases } from './testing/useTestDatabases.js'

describe.each(DB_KINDS)('schemaStatus on %s', (kind) => {
  const empty = useTestDatabases<Database>(kind, { migrate: async () => {} })
  const migrated = useTestDatabases(kind, { migrate: migrateToLatest })

  test('behavior: an empty database is behind by every migration', async () => {
    const status = await schemaStatus(await empty.fresh())
    expect(status).toEqual({
      version: null,
      pending: Object.keys(migrations).sort(),
      unknown: [],
      state: 'behind',
    })
  })

  test('behavior: a migrated database is current at the code schema version', async () => {
    const status = await schemaStatus(await migrated.fresh())
    expect(status).toEqual({ version: CODE_SCHEMA_VERSION, pending: [], unknown: [], state: 'current' })
  })

  test('behavior: a migration this code does not know makes the database ahead', async () => {
    const db = await migrated.fresh()
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`.execute(
      db,
    )
    const status = await schemaStatus(db)
    expect(status.state).toBe('ahead')
    expect(status.unknown).toEqual(['9999_from_the_future'])
    expect(status.version).toBe('9999_from_the_future')
  })
})
