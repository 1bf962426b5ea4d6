import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { type Kysely, sql } from 'kysely'
import { afterAll, describe, expect, test } from 'vitest'
import { createDatabase, type DatabaseConfig } from '../createDatabase.js'
import { holdInstanceLock, lockInstanceForRestore } from '../instanceLock.js'
import { migrateToLatest } from '../migrate.js'
import type { Database } from '../schema.js'
import { DB_KINDS, type DbKind, useTestDatabases } from '../testing/useTestDatabases.js'
import { BackupError } from './BackupError.js'
import { readBackupHeader } from './backupFormat.js'
import { createBackup } from './createBackup.js'
import { restoreBackup } from './restoreBackup.js'

const PASSPHRASE = 'correct horse battery staple'
const folders: string[] = []
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'stratos-backup-test-'))
  folders.push(folder)
  return folder
}

const now = () => new Date().toISOString()

/** Rows every round trip must bring back: an account with a passkey, its addresses, a setting. */
async function seed(db: Kysely<Database>, name = 'Ada Lovelace'): Promise<void> {
  await db
    .insertInto('users')
    .values({ id: 'u1', display_name: name, role: 'admin', webauthn_user_id: 'handle-1', created_at: now() })
    .execute()
  await db
    .insertInto('credentials')
    .values({
      id: 'cred-1',
      user_id: 'u1',
      public_key: 'pk',
      counter: 7,
      transports: '["internal"]',
      device_type: 'multiDevice',
      backed_up: 1,
      wrapped_entropy: null,
      created_at: now(),
      last_used_at: null,
    })
    .execute()
  await db
    .insertInto('addresses')
    .values({ user_id: 'u1', chain: 'evm', account_index: 0, address: '0xabc', created_at: now() })
    .execute()
  await db.insertInto('instance_settings').values({ key: 'k', value: '"v"', updated_at: now() }).execute()
}

/** Every row of every table of the schema, in a stable order: what "row-identical" compares. */
async function snapshot(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const tables = ['users', 'credentials', 'addresses', 'instance_settings', 'audit_log', 'kysely_migration']
  const result: Record<string, unknown[]> = {}
  for (const table of tables) {
    result[table] = (await sql`select * from ${sql.table(table)} order by 1, 2`.execute(db)).rows
  }
  return result
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

/** What a refused restore must leave as it was: the SQLite file's bytes and folder, or the PostgreSQL rows. */
async function fingerprint(target: Target): Promise<unknown> {
  if (target.config.kind === 'sqlite') {
    const folder = join(target.config.file, '..')
    const files = readdirSync(folder).filter((name) => !name.endsWith('.lock'))
    return { files, sha256: sha256(target.config.file) }
  }
  return snapshot(target.db!)
}

interface Target {
  config: DatabaseConfig
  /** For PostgreSQL, an open connection to the target; for SQLite open on demand. */
  db?: Kysely<Database>
}

async function expectRefused(promise: Promise<unknown>, code: BackupError['code'], message: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(BackupError)
  expect((error as BackupError).code).toBe(code)
  expect((error as BackupError).message).toMatch(message)
}

describe.each(DB_KINDS)('createBackup and restoreBackup on %s', (kind: DbKind) => {
  const databases = useTestDatabases<Database>(kind, { migrate: async () => {} })

  /** A migrated instance database on a real file (SQLite) or its own PostgreSQL database. */
  async function instance(): Promise<{ config: DatabaseConfig; db: Kysely<Database> }> {
    if (kind === 'sqlite') {
      const config: DatabaseConfig = { kind, file: join(tempFolder(), 'stratos.sqlite') }
      const db = createDatabase(config)
      await migrateToLatest(db)
      return { config, db }
    }
    const db = await databases.fresh()
    await migrateToLatest(db)
    return { config: { kind, url: databases.url()! }, db }
  }

  /** Where a restore goes: a folder without a database (SQLite) or a new empty database (PostgreSQL). */
  async function emptyTarget(): Promise<Target> {
    if (kind === 'sqlite') return { config: { kind, file: join(tempFolder(), 'restored', 'stratos.sqlite') } }
    const db = await databases.fresh()
    return { config: { kind, url: databases.url()! }, db }
  }

  /** An instance that was started once and never had an account: migrated, a setting, no users. */
  async function unusedInstance(): Promise<Target> {
    const { config, db } = await instance()
    await db.insertInto('instance_settings').values({ key: 'fresh', value: '1', updated_at: now() }).execute()
    if (kind === 'sqlite') {
      await db.destroy()
      return { config }
    }
    return { config, db }
  }

  async function open(target: Target): Promise<Kysely<Database>> {
    return target.db ?? createDatabase(target.config)
  }

  async function backupOf(config: DatabaseConfig, passphrase?: string) {
    const out = join(tempFolder(), 'instance.stratos-backup')
    const result = await createBackup({ config, out, passphrase, productVersion: '0.1.0-test' })
    return { out, result }
  }

  test('behavior: a backup taken during concurrent writes holds every write acknowledged before it started', async () => {
    const { config, db } = await instance()
    const writer = kind === 'sqlite' ? sqliteWriter(config) : postgresWriter(db)
    await writer.acknowledged(50)
    const acknowledgedBefore = writer.highest()
    const { out } = await backupOf(config)
    const writtenInAll = await writer.stop()
    const target = await emptyTarget()
    await restoreBackup({ file: out, config: target.config })
    const restored = await open(target)
    const found = (
      await restored.selectFrom('audit_log').select('target').where('action', '=', 'test.write').execute()
    ).map((row) => Number(row.target))
    const missing = Array.from({ length: acknowledgedBefore }, (_, i) => i + 1).filter(
      (n) => !found.includes(n),
    )
    console.log(
      `${kind}: writes acknowledged before the backup started: ${acknowledgedBefore}; found in the restored database: ${found.length}; written in all: ${writtenInAll}`,
    )
    expect(missing).toEqual([])
    expect(found.length).toBeGreaterThanOrEqual(acknowledgedBefore)
    if (!target.db) await restored.destroy()
  })

  test('behavior: round trip without a passphrase gives back the same rows and schema', async () => {
    const { config, db } = await instance()
    await seed(db)
    const { out, result } = await backupOf(config)
    expect(result.manifest).toMatchObject({ engine: kind, encryption: null, productVersion: '0.1.0-test' })
    expect(result.schemaState).toBe('current')
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const target = await emptyTarget()
    const restoredInfo = await restoreBackup({ file: out, config: target.config })
    expect(restoredInfo.replaced).toBe(false)
    // A restored SQLite database is as private as one the instance created.
    if (target.config.kind === 'sqlite') expect(statSync(target.config.file).mode & 0o777).toBe(0o600)
    expect(restoredInfo.schema.state).toBe('current')
    const restored = await open(target)
    expect(await snapshot(restored)).toEqual(await snapshot(db))
    if (!target.db) await restored.destroy()
  })

  test('behavior: round trip with a passphrase; the file does not hold the data in clear', async () => {
    const { config, db } = await instance()
    await seed(db, 'Grace Hopper Secretname')
    const { out, result } = await backupOf(config, PASSPHRASE)
    expect(result.manifest.encryption).toMatchObject({
      cipher: 'aes-256-gcm',
      kdf: { name: 'scrypt', N: 2 ** 17 },
    })
    expect(readFileSync(out).includes('Secretname')).toBe(false)
    const target = await emptyTarget()
    await restoreBackup({ file: out, config: target.config, passphrase: PASSPHRASE })
    const restored = await open(target)
    expect(await snapshot(restored)).toEqual(await snapshot(db))
    if (!target.db) await restored.destroy()
  })

  describe('refusals leave the target as it was', () => {
    /** A backup of a seeded instance, a target that would accept it, and the target's state before. */
    async function setUp(options: { passphrase?: string } = {}) {
      const { config, db } = await instance()
      await seed(db)
      const { out } = await backupOf(config, options.passphrase)
      const target = await unusedInstance()
      return { out, target, before: await fingerprint(target) }
    }

    test('error: a flipped byte in the payload (bad checksum)', async () => {
      const { out, target, before } = await setUp()
      const bytes = readFileSync(out)
      const { payloadOffset } = await readBackupHeader(out)
      bytes[payloadOffset + 200]! ^= 0x01
      writeFileSync(out, bytes)
      await expectRefused(restoreBackup({ file: out, config: target.config }), 'BACKUP_INVALID', /checksum/)
      expect(await fingerprint(target)).toEqual(before)
    })

    test('error: a flipped byte in an encrypted payload (authentication fails)', async () => {
      const { out, target, before } = await setUp({ passphrase: PASSPHRASE })
      const bytes = readFileSync(out)
      const { payloadOffset } = await readBackupHeader(out)
      bytes[payloadOffset + 200]! ^= 0x01
      writeFileSync(out, bytes)
      await expectRefused(
        restoreBackup({ file: out, config: target.config, passphrase: PASSPHRASE }),
        'BACKUP_INVALID',
        /does not authenticate/,
      )
      expect(await fingerprint(target)).toEqual(before)
    })

    test('error: an altered manifest of an encrypted backup (authentication fails)', async () => {
      const { out, target, before } = await setUp({ passphrase: PASSPHRASE })
      const text = readFileSync(out)
      // Same length, so only the authentication can tell: the backup claims another creation time.
      const altered = Buffer.from(
        text.toString('latin1').replace(/"createdAt":"\d{4}/, '"createdAt":"1999'),
        'latin1',
      )
      expect(altered.equals(text)).toBe(false)
      writeFileSync(out, altered)
      await expectRefused(
        restoreBackup({ file: out, config: target.config, passphrase: PASSPHRASE }),
        'BACKUP_INVALID',
        /does not authenticate/,
      )
      expect(await fingerprint(target)).toEqual(before)
    })

    test('error: a truncated file', async () => {
      const { out, target, before } = await setUp()
      const bytes = readFileSync(out)
      writeFileSync(out, bytes.subarray(0, bytes.length - 1000))
      await expectRefused(restoreBackup({ file: out, config: target.config }), 'BACKUP_INVALID', /truncated/)
      expect(await fingerprint(target)).toEqual(before)
    })

    test('error: a file that is not a backup (bad magic)', async () => {
      const { out, target, before } = await setUp()
      const bytes = readFileSync(out)
      bytes[0] = 0x58
      writeFileSync(out, bytes)
      await expectRefused(restoreBackup({ file: out, config: target.config }), 'BACKUP_INVALID', /bad magic/)
      expect(await fingerprint(target)).toEqual(before)
    })

    test('error: a wrong passphrase', async () => {
      const { out, target, before } = await setUp({ passphrase: PASSPHRASE })
      await expectRefused(
        restoreBackup({ file: out, config: target.config, passphrase: 'incorrect horse battery staple' }),
        'BACKUP_PASSPHRASE',
        /wrong passphrase/,
      )
      expect(await fingerprint(target)).toEqual(before)
    })

    test('error: an encrypted backup without a passphrase', async () => {
      const { out, target, before } = await setUp({ passphrase: PASSPHRASE })
      await expectRefused(
        restoreBackup({ file: out, config: target.config }),
        'BACKUP_PASSPHRASE',
        /is encrypted; give its passphrase/,
      )
      expect(await fingerprint(target)).toEqual(before)
    })

    test('error: a backup of a database migrated by newer code (unknown migration)', async () => {
      const { config, db } = await instance()
      await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`.execute(
        db,
      )
      const { out, result } = await backupOf(config)
      expect(result.schemaState).toBe('ahead')
      const target = await unusedInstance()
      const before = await fingerprint(target)
      await expectRefused(
        restoreBackup({ file: out, config: target.config }),
        'RESTORE_REFUSED',
        /newer Stratos Vault.*9999_from_the_future/,
      )
      expect(await fingerprint(target)).toEqual(before)
    })

    test('error: a target that holds accounts needs replace; with it, the backup replaces them', async () => {
      const { config, db } = await instance()
      await seed(db, 'From the backup')
      const { out } = await backupOf(config)
      const other = await instance()
      await seed(other.db, 'Already here')
      const target: Target = other.config.kind === 'postgres' ? other : { config: other.config }
      if (!target.db) await other.db.destroy()
      const before = await fingerprint(target)
      await expectRefused(
        restoreBackup({ file: out, config: target.config }),
        'RESTORE_REFUSED',
        /holds .*1 account\(s\).*--force/,
      )
      expect(await fingerprint(target)).toEqual(before)

      const result = await restoreBackup({ file: out, config: target.config, replace: true })
      expect(result.replaced).toBe(true)
      const restored = await open(target)
      expect(await snapshot(restored)).toEqual(await snapshot(db))
      if (!target.db) await restored.destroy()
    })

    test('error: restore while an instance holds the instance lock; serve cannot start during a restore', async () => {
      const { out, target, before } = await setUp()
      const serving = await holdInstanceLock(target.config)
      try {
        await expectRefused(
          restoreBackup({ file: out, config: target.config }),
          'INSTANCE_RUNNING',
          /the instance is running/,
        )
        expect(await fingerprint(target)).toEqual(before)
        // Several instances may serve one database.
        const second = await holdInstanceLock(target.config)
        await second.release()
      } finally {
        await serving.release()
      }
      const restoring = await lockInstanceForRestore(target.config)
      try {
        await expectRefused(holdInstanceLock(target.config), 'RESTORE_RUNNING', /a restore is replacing/)
      } finally {
        await restoring.release()
      }
      await restoreBackup({ file: out, config: target.config })
    })
  })
})

describe('engines do not mix', () => {
  const postgres = useTestDatabases<Database>('postgres', { migrate: async () => {} })

  test('error: a SQLite backup into PostgreSQL is refused, and the other way round', async () => {
    const sqliteConfig: DatabaseConfig = { kind: 'sqlite', file: join(tempFolder(), 'stratos.sqlite') }
    const sqliteDb = createDatabase(sqliteConfig)
    await migrateToLatest(sqliteDb)
    await sqliteDb.destroy()
    const sqliteBackup = join(tempFolder(), 'sqlite.stratos-backup')
    await createBackup({ config: sqliteConfig, out: sqliteBackup, productVersion: 'test' })

    const pgDb = await postgres.fresh()
    const pgConfig: DatabaseConfig = { kind: 'postgres', url: postgres.url()! }
    await expectRefused(
      restoreBackup({ file: sqliteBackup, config: pgConfig }),
      'RESTORE_REFUSED',
      /backup of a SQLite database and the target is PostgreSQL/,
    )
    expect(await pgDb.introspection.getTables()).toEqual([])

    await migrateToLatest(pgDb)
    const pgBackup = join(tempFolder(), 'pg.stratos-backup')
    await createBackup({ config: pgConfig, out: pgBackup, productVersion: 'test' })
    const sqliteTarget = join(tempFolder(), 'stratos.sqlite')
    await expectRefused(
      restoreBackup({ file: pgBackup, config: { kind: 'sqlite', file: sqliteTarget } }),
      'RESTORE_REFUSED',
      /backup of a PostgreSQL database and the target is SQLite/,
    )
    expect(readdirSync(join(sqliteTarget, '..'))).toEqual([])
  })

  test('error: a PostgreSQL target with tables the backup lacks is refused, even with replace', async () => {
    const source = await postgres.fresh()
    await migrateToLatest(source)
    const out = join(tempFolder(), 'pg.stratos-backup')
    await createBackup({ config: { kind: 'postgres', url: postgres.url()! }, out, productVersion: 'test' })
    const target = await postgres.fresh()
    await sql`create table unrelated (id int primary key)`.execute(target)
    await sql`insert into unrelated values (1)`.execute(target)
    await expectRefused(
      restoreBackup({ file: out, config: { kind: 'postgres', url: postgres.url()! }, replace: true }),
      'RESTORE_REFUSED',
      /tables the backup does not \(public\.unrelated\)/,
    )
    expect((await sql`select * from unrelated`.execute(target)).rows).toEqual([{ id: 1 }])
    expect((await target.introspection.getTables()).map((t) => t.name)).toEqual(['unrelated'])
  })
})

/**
 * Inserts numbered audit_log rows from a worker thread over its own SQLite connection (rows to
 * count, not a hash chain: their hashes are left empty).
 */
function sqliteWriter(config: DatabaseConfig) {
  if (config.kind !== 'sqlite') throw new Error('sqliteWriter: SQLite only')
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads')
    const Database = require(workerData.driver)
    const db = new Database(workerData.file)
    db.pragma('busy_timeout = 5000')
    const insert = db.prepare("insert into audit_log (seq, id, at, actor_user_id, action, target, details, prev_hash, hash) values (?, ?, ?, 'writer', 'test.write', ?, '{}', '', '')")
    let n = 0
    let stop = false
    parentPort.on('message', () => { stop = true })
    const loop = () => {
      if (stop) { db.close(); parentPort.postMessage({ done: n }); return }
      n++
      insert.run(n, 'w' + n, new Date().toISOString(), String(n))
      parentPort.postMessage({ acknowledged: n })
      setImmediate(loop)
    }
    loop()
    `,
    { eval: true, workerData: { driver, file: config.file } },
  )
  return writerHandle((onAck, onDone) => {
    worker.on('message', (m: { acknowledged?: number; done?: number }) => {
      if (m.acknowledged !== undefined) onAck(m.acknowledged)
      if (m.done !== undefined) onDone(m.done)
    })
    worker.on('error', (error) => onDone(error))
    return () => worker.postMessage('stop')
  })
}

/** Inserts numbered audit_log rows (not a hash chain) in an async loop over its own PostgreSQL pool. */
function postgresWriter(db: Kysely<Database>) {
  return writerHandle((onAck, onDone) => {
    let stop = false
    void (async () => {
      let n = 0
      try {
        while (!stop) {
          n++
          await db
            .insertInto('audit_log')
            .values({
              seq: n,
              prev_hash: '',
              hash: '',
              id: `w${n}`,
              at: now(),
              actor_user_id: 'writer',
              action: 'test.write',
              target: String(n),
              details: '{}',
            })
            .execute()
          onAck(n)
        }
        onDone(n)
      } catch (error) {
        onDone(error as Error)
      }
    })()
    return () => {
      stop = true
    }
  })
}

/** The test's view of a writer: wait for N acknowledgements, read the highest, stop and get the total. */
function writerHandle(
  start: (onAck: (n: number) => void, onDone: (result: number | Error) => void) => () => void,
) {
  let highest = 0
  const waiters: { n: number; resolve: () => void }[] = []
  let finish: (n: number) => void = () => {}
  let fail: (e: Error) => void = () => {}
  const done = new Promise<number>((resolve, reject) => {
    finish = resolve
    fail = reject
  })
  const requestStop = start(
    (n) => {
      highest = n
      for (const w of waiters.filter((w) => n >= w.n)) w.resolve()
    },
    (result) => (result instanceof Error ? fail(result) : finish(result)),
  )
  return {
    acknowledged: (n: number) =>
      new Promise<void>((resolve) => (highest >= n ? resolve() : waiters.push({ n, resolve }))),
    highest: () => highest,
    async stop() {
      requestStop()
      return done
    },
  }
}
