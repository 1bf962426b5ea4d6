import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDatabase } from './createDatabase.js'
import { migrateToLatest } from './migrate.js'
import { type PostgresServer, startPostgres } from './testing/startPostgres.js'

describe.each(['sqlite', 'postgres'] as const)('migrateToLatest on %s', (kind) => {
  let pgServer: PostgresServer | undefined
  beforeAll(async () => {
    if (kind === 'postgres') pgServer = await startPostgres()
  })
  afterAll(async () => {
    await pgServer?.stop()
  })
  const open = () =>
    kind === 'sqlite'
      ? createDatabase({ kind, file: ':memory:' })
      : createDatabase({ kind, url: pgServer!.url })

  test('behavior: creates every table once, and a second run applies nothing', async () => {
    const db = open()
    const first = await migrateToLatest(db)
    expect(first).toContain('0001_initial')
    expect(first).toContain('0002_canton_parties')
    expect(first).toContain('0003_audit_log')
    expect(first).toContain('0004_defi_vaults')
    expect(first).toContain('0008_users_admin')
    expect(await migrateToLatest(db)).toEqual([])
    const tables = (await db.introspection.getTables()).map((t) => t.name).sort()
    expect(tables).toEqual(
      expect.arrayContaining([
        'addresses',
        'admin_invites',
        'audit_log',
        'canton_parties',
        'challenges',
        'credentials',
        'defi_vaults',
        'instance_settings',
        'operator_logins',
        'operator_sessions',
        'operators',
        'sessions',
        'users',
      ]),
    )
    await db.destroy()
  })

  test('error: a role outside user/admin is refused by the database', async () => {
    const db = open()
    await migrateToLatest(db)
    const now = new Date().toISOString()
    await expect(
      db
        .insertInto('users')
        // biome-ignore lint/suspicious/noExplicitAny: deliberately violates the column type
        .values({ id: 'u1', display_name: 'x', role: 'root' as any, webauthn_user_id: 'h1', created_at: now })
        .execute(),
    ).rejects.toThrow()
    await db.destroy()
  })

  test('error: a credential for a user that does not exist is refused', async () => {
    const db = open()
    await migrateToLatest(db)
    const now = new Date().toISOString()
    await expect(
      db
        .insertInto('credentials')
        .values({
          id: 'c1',
          user_id: 'nobody',
          public_key: 'pk',
          counter: 0,
          transports: '[]',
          device_type: 'singleDevice',
          backed_up: 0,
          wrapped_entropy: null,
          created_at: now,
          last_used_at: null,
        })
        .execute(),
    ).rejects.toThrow()
    await db.destroy()
  })

  test('error: one Canton party cannot belong to two users, nor a user to two parties', async () => {
    const db = open()
    await migrateToLatest(db)
    const now = new Date().toISOString()
    for (const id of ['u1', 'u2'])
      await db
        .insertInto('users')
        .values({ id, display_name: id, role: 'user', webauthn_user_id: `h-${id}`, created_at: now })
        .execute()
    const party = {
      party_id: `alice::1220${'a'.repeat(64)}`,
      fingerprint: `1220${'a'.repeat(64)}`,
      created_at: now,
    }
    await db
      .insertInto('canton_parties')
      .values({ user_id: 'u1', ...party })
      .execute()
    await expect(
      db
        .insertInto('canton_parties')
        .values({ user_id: 'u2', ...party })
        .execute(),
    ).rejects.toThrow()
    await expect(
      db
        .insertInto('canton_parties')
        .values({ ...party, user_id: 'u1', party_id: `bob::1220${'a'.repeat(64)}` })
        .execute(),
    ).rejects.toThrow()
    await db.destroy()
  })

  test('error: one vault per party, and a vault id belongs to one party', async () => {
    const db = open()
    await migrateToLatest(db)
    const vault = {
      party_id: `alice::1220${'a'.repeat(64)}`,
      chain_id: 31337,
      address: `0x${'1'.repeat(40)}`,
      vault_id: `0x${'2'.repeat(64)}`,
      adapters: '{}',
      c_token: null,
      swap_fee: 3000,
      assets: '[]',
      created_at: new Date().toISOString(),
    }
    await db.insertInto('defi_vaults').values(vault).execute()
    await expect(
      db
        .insertInto('defi_vaults')
        .values({ ...vault, vault_id: `0x${'3'.repeat(64)}` })
        .execute(),
    ).rejects.toThrow()
    await expect(
      db
        .insertInto('defi_vaults')
        .values({ ...vault, party_id: `bob::1220${'a'.repeat(64)}` })
        .execute(),
    ).rejects.toThrow()
    await db.destroy()
  })
})
