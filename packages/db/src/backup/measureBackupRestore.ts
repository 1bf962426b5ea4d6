/**
 * Measures backup and restore times (the RTO figures of docs/operations.md) on an instance-sized
 * database: 10,000 accounts, each with a passkey, six addresses and two sessions (100,000 rows),
 * on SQLite and on a throwaway PostgreSQL. Runs the built CLI as production does; encrypted.
 *
 *   npm run build && npx tsx packages/db/src/backup/measureBackupRestore.ts
 *
 * `STRATOS_BIN` points at another CLI entry (e.g. apps/cli/bin/stratos.js, through tsx).
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Kysely, sql } from 'kysely'
import { createDatabase } from '../createDatabase.js'
import { migrateToLatest } from '../migrate.js'
import type { Database } from '../schema.js'
import { startPostgres } from '../testing/startPostgres.js'

const USERS = 10_000
const CHAINS = ['evm', 'solana', 'bitcoin', 'tron', 'ton', 'canton']
const bin =
  process.env.STRATOS_BIN ?? fileURLToPath(new URL('../../../../apps/cli/dist/stratos.js', import.meta.url))
const random = (bytes: number) => randomBytes(bytes).toString('base64url')

async function fill(db: Kysely<Database>): Promise<number> {
  await migrateToLatest(db)
  const now = new Date().toISOString()
  for (let start = 0; start < USERS; start += 500) {
    const ids = Array.from({ length: 500 }, (_, i) => `user-${start + i}`)
    const users = ids.map((id, i) => ({
      id,
      display_name: `User ${start + i}`,
      role: 'user' as const,
      webauthn_user_id: random(32),
      created_at: now,
    }))
    await db.insertInto('users').values(users).execute()
    const credentials = ids.map((id) => ({
      id: random(32),
      user_id: id,
      public_key: random(77),
      counter: 1,
      transports: '["internal","hybrid"]',
      device_type: 'multiDevice' as const,
      backed_up: 1,
      wrapped_entropy: null,
      created_at: now,
      last_used_at: now,
    }))
    await db.insertInto('credentials').values(credentials).execute()
    const addresses = ids.flatMap((id) =>
      CHAINS.map((chain) => ({ user_id: id, chain, account_index: 0, address: random(30), created_at: now })),
    )
    await db.insertInto('addresses').values(addresses).execute()
    const sessions = ids.flatMap((id) =>
      [0, 1].map(() => ({
        id: random(16),
        user_id: id,
        created_at: now,
        expires_at: now,
        revoked_at: null,
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120',
      })),
    )
    await db.insertInto('sessions').values(sessions).execute()
  }
  const { rows } = await sql<{
    n: number
  }>`select (select count(*) from users) + (select count(*) from credentials)
    + (select count(*) from addresses) + (select count(*) from sessions) as n`.execute(db)
  return Number(rows[0]!.n)
}

function timed(label: string, args: string[], env: Record<string, string>): void {
  const started = process.hrtime.bigint()
  const out = execFileSync('node', [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const size = /size +(.*)/.exec(out)?.[1]
  console.log(`${label}: ${seconds.toFixed(2)} s${size ? `  (${size})` : ''}`)
}

const root = mkdtempSync(join(tmpdir(), 'stratos-measure-'))
try {
  const passphraseFile = join(root, 'passphrase')
  writeFileSync(passphraseFile, `${random(32)}\n`)
  const env = { BACKUP_PASSPHRASE_FILE: passphraseFile }

  const source = join(root, 'sqlite-source')
  const sqliteDb = createDatabase({ kind: 'sqlite', file: join(source, 'stratos.sqlite') })
  const sqliteRows = await fill(sqliteDb)
  await sqliteDb.destroy()
  console.log(`SQLite: ${sqliteRows} rows, ${statSync(join(source, 'stratos.sqlite')).size} bytes`)
  timed('SQLite backup', ['backup', '--out', join(root, 'sqlite.stratos-backup')], {
    ...env,
    DATA_DIR: source,
  })
  timed('SQLite restore', ['restore', join(root, 'sqlite.stratos-backup')], {
    ...env,
    DATA_DIR: join(root, 'sqlite-target'),
  })

  const server = await startPostgres()
  try {
    const admin = createDatabase({ kind: 'postgres', url: server.url, poolSize: 1 })
    await sql`create database source`.execute(admin)
    await sql`create database target`.execute(admin)
    await admin.destroy()
    const sourceUrl = server.url.replace(/\/postgres$/, '/source')
    const pgDb = createDatabase({ kind: 'postgres', url: sourceUrl, poolSize: 2 })
    console.log(`PostgreSQL: ${await fill(pgDb)} rows`)
    await pgDb.destroy()
    timed('PostgreSQL backup', ['backup', '--out', join(root, 'pg.stratos-backup')], {
      ...env,
      DATABASE_URL: sourceUrl,
    })
    timed('PostgreSQL restore', ['restore', join(root, 'pg.stratos-backup')], {
      ...env,
      DATABASE_URL: server.url.replace(/\/postgres$/, '/target'),
    })
  } finally {
    await server.stop()
  }
} finally {
  rmSync(root, { recursive: true, force: true })
}
