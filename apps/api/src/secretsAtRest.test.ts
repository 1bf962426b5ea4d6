import type { Database } from '@stratos/db'
import type { Kysely } from 'kysely'
import { describe, expect, test } from 'vitest'
import { getOrCreateSessionSecret, SETTINGS, sealStoredSecrets } from './instanceSettings.js'
import { seedNetworks } from './networks/seedNetworks.js'
import { isSealed, seal, UnsealError, unseal } from './secretsAtRest.js'
import { DB_KINDS, useTestDatabases } from './testing/testDatabases.js'

const KEY = 'instance-key-0123456789-abcdefghij'
const OTHER_KEY = 'instance-key-9876543210-jihgfedcba'

describe('seal and unseal', () => {
  test('behavior: a sealed value opens with its key and setting name only', async () => {
    const text = await seal(KEY, 'canton_connection', { token: 'ledger-token' })
    expect(isSealed(text)).toBe(true)
    expect(text).not.toContain('ledger-token')
    expect(await unseal(KEY, 'canton_connection', text)).toEqual({ token: 'ledger-token' })
    // A fresh nonce each time: the same value never seals to the same text.
    expect(await seal(KEY, 'canton_connection', { token: 'ledger-token' })).not.toBe(text)
  })

  test.each([
    ['another instance key', OTHER_KEY, 'canton_connection'],
    ['another setting (moved row)', KEY, 'session_secret'],
  ])('error: %s does not open it', async (_case, key, name) => {
    const text = await seal(KEY, 'canton_connection', { token: 'ledger-token' })
    await expect(unseal(key, name, text)).rejects.toThrow(UnsealError)
  })

  test('error: a tampered ciphertext does not open', async () => {
    const sealed = JSON.parse(await seal(KEY, 'session_secret', 'x'.repeat(43)))
    const data: string = sealed.data
    sealed.data = (data[0] === 'A' ? 'B' : 'A') + data.slice(1)
    await expect(unseal(KEY, 'session_secret', JSON.stringify(sealed))).rejects.toThrow(
      /INSTANCE_KEY does not open the stored setting 'session_secret'/,
    )
  })
})

describe.each(DB_KINDS)('stored secrets on %s', (kind) => {
  const databases = useTestDatabases(kind)

  const clearRow = (db: Kysely<Database>, key: string, value: unknown) =>
    db
      .insertInto('instance_settings')
      .values({ key, value: JSON.stringify(value), updated_at: new Date().toISOString() })
      .execute()
  const stored = async (db: Kysely<Database>, key: string) =>
    (
      await db
        .selectFrom('instance_settings')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirstOrThrow()
    ).value

  test('behavior: secrets an older version stored in clear are sealed at start, others left alone', async () => {
    const db = await databases.fresh()
    const connection = { url: 'https://p.example.com', auth: { kind: 'token', token: 'clear-token' } }
    await clearRow(db, SETTINGS.cantonConnection, connection)
    await clearRow(db, SETTINGS.adminEnrollmentTokenHash, 'hash-not-a-secret')

    expect(await sealStoredSecrets(db, KEY)).toEqual([SETTINGS.cantonConnection])
    const text = await stored(db, SETTINGS.cantonConnection)
    expect(text).not.toContain('clear-token')
    expect(await unseal(KEY, SETTINGS.cantonConnection, text)).toEqual(connection)
    expect(await stored(db, SETTINGS.adminEnrollmentTokenHash)).toBe('"hash-not-a-secret"')
    // Idempotent: a second start seals nothing.
    expect(await sealStoredSecrets(db, KEY)).toEqual([])
  })

  test('error: a start with another instance key is refused naming the setting', async () => {
    const db = await databases.fresh()
    await getOrCreateSessionSecret(db, KEY)
    await expect(sealStoredSecrets(db, OTHER_KEY)).rejects.toThrow(
      /INSTANCE_KEY does not open the stored setting 'session_secret'/,
    )
  })

  test('error: a start with another instance key is refused naming the network whose secrets it cannot open', async () => {
    const db = await databases.fresh()
    const evm = {
      chainId: 8453,
      name: 'Base',
      symbol: 'ETH',
      rpcUrl: 'https://base.example/v2/key-in-path-123456',
    }
    await seedNetworks(db, { evm, instanceKey: KEY }, new Date())
    const row = await db.selectFrom('networks').select('secrets').executeTakeFirstOrThrow()
    expect(row.secrets).not.toContain('key-in-path-123456')
    expect(await sealStoredSecrets(db, KEY)).toEqual([])
    await expect(sealStoredSecrets(db, OTHER_KEY)).rejects.toThrow(
      /INSTANCE_KEY does not open the stored setting 'network:evm-8453'/,
    )
  })

  test('behavior: the persisted session secret is sealed, and replicas read the same one', async () => {
    const db = await databases.fresh()
    const [a, b] = await Promise.all([getOrCreateSessionSecret(db, KEY), getOrCreateSessionSecret(db, KEY)])
    expect(a).toBe(b)
    expect(await stored(db, SETTINGS.sessionSecret)).not.toContain(a)
  })
})
