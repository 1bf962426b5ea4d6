import type { DockPermission } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'
import { enabledDockOrigins } from './enabledDockOrigins.js'
import { upsertDevDockApp } from './upsertDevDockApp.js'

const sample = (port: number) => ({
  id: 'dock-example',
  name: 'Dock example',
  url: `http://127.0.0.1:${port}/`,
  networks: ['evm-31337', 'canton'],
  permissions: ['accounts', 'evm-transactions'] as DockPermission[],
})

describe.each(DB_KINDS)('upsertDevDockApp on %s', (kind) => {
  const databases = useTestDatabases(kind)

  test("behavior: added once, enabled; the next run's port replaces the origin, keeps the admin's changes and drops grants to the old origin", async () => {
    const db = await databases.fresh()
    await upsertDevDockApp(db, sample(5173), new Date())
    expect(await enabledDockOrigins(db)).toEqual(['http://127.0.0.1:5173'])
    await db.updateTable('dock_apps').set({ name: 'Renamed', permissions: '["accounts"]' }).execute()
    const now = new Date().toISOString()
    await db
      .insertInto('users')
      .values({
        id: 'u1',
        display_name: 'Uma',
        role: 'user',
        webauthn_user_id: 'uma-handle',
        created_at: now,
      })
      .execute()
    await db
      .insertInto('dock_grants')
      .values({
        user_id: 'u1',
        app_id: 'dock-example',
        accounts: '[]',
        networks: '[]',
        created_at: now,
        updated_at: now,
      })
      .execute()

    await upsertDevDockApp(db, sample(5173), new Date())
    expect(await db.selectFrom('dock_grants').selectAll().execute()).toHaveLength(1)
    await upsertDevDockApp(db, sample(5180), new Date())
    const rows = await db.selectFrom('dock_apps').selectAll().execute()
    expect(rows).toEqual([
      expect.objectContaining({
        id: 'dock-example',
        name: 'Renamed',
        url: 'http://127.0.0.1:5180/',
        origin: 'http://127.0.0.1:5180',
        permissions: '["accounts"]',
      }),
    ])
    expect(await db.selectFrom('dock_grants').selectAll().execute()).toEqual([])
  })
})
