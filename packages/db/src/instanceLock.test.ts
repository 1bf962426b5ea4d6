import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, test } from 'vitest'
import { BackupError } from './backup/BackupError.js'
import type { DatabaseConfig } from './createDatabase.js'
import { holdInstanceLock, INSTANCE_LOCK_KEY, lockInstanceForRestore } from './instanceLock.js'
import { startPostgres } from './testing/startPostgres.js'

const folder = mkdtempSync(join(tmpdir(), 'stratos-lock-test-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
const instanceLockModule = fileURLToPath(new URL('./instanceLock.ts', import.meta.url))

/** A separate process that takes the serve lock, says so, and waits to be killed. */
async function holderProcess(config: DatabaseConfig) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { holdInstanceLock } = await import(${JSON.stringify(instanceLockModule)})
       await holdInstanceLock(${JSON.stringify(config)})
       console.log('held')
       setInterval(() => {}, 60_000)`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve())
    child.once('exit', (code) => reject(new Error(`the lock holder exited early (${code})`)))
  })
  return {
    async kill() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    },
  }
}

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    async (lock) => {
      await (lock as { release(): Promise<void> }).release()
      return undefined
    },
    (error: unknown) => (error instanceof BackupError ? error.code : String(error)),
  )
}

describe('instance lock on SQLite', () => {
  test('behavior: a holder killed with SIGKILL leaves no lock behind (the OS drops it)', async () => {
    const config: DatabaseConfig = { kind: 'sqlite', file: join(folder, 'killed', 'stratos.sqlite') }
    const holder = await holderProcess(config)
    expect(await refusal(lockInstanceForRestore(config))).toBe('INSTANCE_RUNNING')
    await holder.kill()
    expect(await refusal(lockInstanceForRestore(config))).toBeUndefined()
  })

  test('behavior: an in-memory database has nothing to lock', async () => {
    const config: DatabaseConfig = { kind: 'sqlite', file: ':memory:' }
    const serving = await holdInstanceLock(config)
    expect(await refusal(lockInstanceForRestore(config))).toBeUndefined()
    await serving.release()
  })
})

describe('instance lock on PostgreSQL', () => {
  const server = startPostgres()
  afterAll(async () => (await server).stop())

  test('behavior: a holder killed with SIGKILL leaves no lock once PostgreSQL has ended its session', async () => {
    const { url } = await server
    const config: DatabaseConfig = { kind: 'postgres', url }
    const holder = await holderProcess(config)
    expect(await refusal(lockInstanceForRestore(config))).toBe('INSTANCE_RUNNING')
    const observer = new pg.Client({ connectionString: url })
    await observer.connect()
    try {
      const holders = async () =>
        (
          await observer.query(
            "select count(*)::int as n from pg_locks where locktype = 'advisory' and (classid::bigint << 32 | objid::bigint) = $1::bigint",
            [INSTANCE_LOCK_KEY],
          )
        ).rows[0].n as number
      expect(await holders()).toBe(1)
      await holder.kill()
      // The server ends the session when it reads the closed socket: wait for that, observed.
      for (let n = await holders(); n > 0; n = await holders()) await observer.query('select pg_sleep(0.01)')
      expect(await refusal(lockInstanceForRestore(config))).toBeUndefined()
    } finally {
      await observer.end()
    }
  })

  test('behavior: the lock is per database: a restore of another database is not blocked', async () => {
    const { url } = await server
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query('create database other')
    await admin.end()
    const serving = await holdInstanceLock({ kind: 'postgres', url })
    try {
      const other: DatabaseConfig = { kind: 'postgres', url: url.replace(/\/postgres$/, '/other') }
      expect(await refusal(lockInstanceForRestore(other))).toBeUndefined()
    } finally {
      await serving.release()
    }
  })
})
