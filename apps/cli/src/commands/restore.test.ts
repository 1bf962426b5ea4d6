import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createTestApp,
  login,
  onboardCantonPerson,
  register,
  testAddresses,
  useCantonDevnet,
} from '@stratos/api/testing'
import { createDatabase, type DatabaseConfig, migrateToLatest } from '@stratos/db'
import { DB_KINDS, useTestDatabases } from '@stratos/db/testing'
import { Vault } from '@stratos/keys'
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest'
import { runInProcess } from '../testing/runInProcess.js'
import { run as backup } from './backup.js'
import { run as restore } from './restore.js'

const PASSPHRASE = 'a long passphrase for the test backup'
const folders: string[] = []
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})
afterEach(() => {
  vi.unstubAllEnvs()
})
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'stratos-restore-cli-'))
  folders.push(folder)
  return folder
}

const stratos = runInProcess

const canton = useCantonDevnet()

describe.each(DB_KINDS)('stratos restore into an empty instance on %s', (kind) => {
  const databases = useTestDatabases(kind, { migrate: async () => {} })

  /** A database the commands reach through the environment, as serve would. */
  async function database(): Promise<{ config: DatabaseConfig; env: Record<string, string> }> {
    if (kind === 'sqlite') {
      const dataDir = join(tempFolder(), 'data')
      return { config: { kind, file: join(dataDir, 'stratos.sqlite') }, env: { DATA_DIR: dataDir } }
    }
    await databases.fresh()
    const url = databases.url()!
    return { config: { kind, url }, env: { DATABASE_URL: url } }
  }

  test('behavior: after backup and restore, the same passkey signs in and sees the same addresses and Canton party', async () => {
    const instanceKey = randomBytes(32).toString('base64url')
    const source = await database()
    const sourceDb = createDatabase(source.config)
    await migrateToLatest(sourceDb)
    const before = createTestApp(sourceDb, { canton: canton.current.config, instanceKey })

    // Sign-up as the web app does it: a passkey, the derived addresses, then the Canton party.
    const vault = Vault.fromEntropy(crypto.getRandomValues(new Uint8Array(32)))
    const derived = vault.addresses()
    const { client, authenticator } = before.browser()
    const addresses = { ...testAddresses(1), canton: derived.canton }
    const registered = await register(client, authenticator, { displayName: 'Ada Lovelace', addresses })
    expect(registered.status).toBe(200)
    const partyId = await onboardCantonPerson({
      client,
      vault,
      publicKey: derived.cantonPublicKey,
      fingerprint: derived.canton,
    })
    expect(partyId).toBe(`ada-lovelace::${derived.canton}`)
    const meBefore = (await client.get('/api/me')).body

    // The backup is taken while the instance's database is open, as it would be in production.
    const folder = tempFolder()
    const passphraseFile = join(folder, 'passphrase')
    writeFileSync(passphraseFile, `${PASSPHRASE}\n`)
    const file = join(folder, 'instance.stratos-backup')
    const backedUp = await stratos(backup, ['--out', file, '--passphrase-file', passphraseFile], source.env)
    expect(backedUp.stderr).toBe('')
    expect(backedUp.code).toBe(0)
    await sourceDb.destroy()

    const target = await database()
    const restored = await stratos(restore, [file], { ...target.env, BACKUP_PASSPHRASE_FILE: passphraseFile })
    expect(restored.stderr).toBe('')
    expect(restored.code).toBe(0)
    expect(restored.stdout).toMatch(/^stratos restore: restored .*instance\.stratos-backup into /)
    expect(restored.stdout).not.toContain(PASSPHRASE)

    const targetDb = createDatabase(target.config)
    try {
      const after = createTestApp(targetDb, { canton: canton.current.config, instanceKey })
      const browser = after.browser().client
      const signedIn = await login(browser, authenticator)
      expect(signedIn.status).toBe(200)
      const meAfter = (await browser.get('/api/me')).body
      expect(meAfter.addresses).toEqual(addresses)
      // The same account and passkey (a new session, and the passkey now used once).
      expect(meAfter.user).toEqual(meBefore.user)
      expect(meAfter.credentials.map((c: { id: string }) => c.id)).toEqual(
        meBefore.credentials.map((c: { id: string }) => c.id),
      )
      const status = await browser.get('/api/canton/status')
      expect(status.status).toBe(200)
      expect(status.body.partyId).toBe(partyId)
      // The restored instance acts for the party on the participant: it reads the party's holdings.
      expect((await browser.get('/api/canton/holdings')).status).toBe(200)
    } finally {
      await targetDb.destroy()
    }
  })
})

describe('stratos restore (command line)', () => {
  /** A SQLite instance with one backup of it. */
  async function backedUp(passphrase?: string) {
    const dataDir = join(tempFolder(), 'data')
    const db = createDatabase({ kind: 'sqlite', file: join(dataDir, 'stratos.sqlite') })
    await migrateToLatest(db)
    await db.destroy()
    const file = join(tempFolder(), 'instance.stratos-backup')
    const env = { DATA_DIR: dataDir, ...(passphrase ? { BACKUP_PASSPHRASE: passphrase } : {}) }
    expect((await stratos(backup, ['--out', file], env)).code).toBe(0)
    return file
  }

  test('behavior: --help prints the usage and exits 0', async () => {
    const { code, stdout } = await stratos(restore, ['--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^usage: stratos restore FILE/)
  })

  test('error: no FILE, two FILEs, --passphrase on the command line are usage errors (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [[], /the backup FILE is required/],
      [['a', 'b'], /unexpected argument 'b'/],
      [['a', '--passphrase=hunter2hunter2'], /never taken on the command line/],
      [['a', '--nope'], /Unknown option '--nope'/],
    ]
    for (const [args, message] of cases) {
      const { code, stderr } = await stratos(restore, args, { DATA_DIR: tempFolder() })
      expect(code).toBe(2)
      expect(stderr).toMatch(message)
      expect(stderr).not.toContain('hunter2')
    }
  })

  test('error: a wrong passphrase exits 1 with one message; the data folder stays empty', async () => {
    const file = await backedUp(PASSPHRASE)
    const dataDir = tempFolder()
    const { code, stdout, stderr } = await stratos(restore, [file], {
      DATA_DIR: dataDir,
      BACKUP_PASSPHRASE: 'not the passphrase at all',
    })
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toBe('stratos restore: the passphrase does not open this backup (wrong passphrase)')
    expect(readdirSync(dataDir)).toEqual([])
  })

  test('error: a truncated file exits 1 naming the file and what is wrong', async () => {
    const file = await backedUp()
    writeFileSync(file, readFileSync(file).subarray(0, 100))
    const { code, stderr } = await stratos(restore, [file], { DATA_DIR: tempFolder() })
    expect(code).toBe(1)
    expect(stderr).toContain(`stratos restore: ${file} is not a usable Stratos Vault backup: it is truncated`)
  })

  test('error: a database URL of another kind is a usage error that does not echo the URL', async () => {
    const { code, stderr } = await stratos(restore, ['x'], { DATABASE_URL: 'mysql://root:hunter2@db/x' })
    expect(code).toBe(2)
    expect(stderr).toMatch(/must be postgres:\/\/… or sqlite:.*'mysql:'/)
    expect(stderr).not.toContain('hunter2')
  })
})
