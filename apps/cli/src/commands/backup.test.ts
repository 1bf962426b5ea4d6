import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase, migrateToLatest, readBackupHeader } from '@stratos/db'
import { afterAll, describe, expect, test } from 'vitest'
import { runInProcess } from '../testing/runInProcess.js'
import { run } from './backup.js'

const PASSPHRASE = 'a long passphrase for the test backup'
const folders: string[] = []
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'stratos-backup-cli-'))
  folders.push(folder)
  return folder
}

const stratosBackup = (args: string[], env: Record<string, string> = {}) => runInProcess(run, args, env)

/** A migrated SQLite instance under a data folder. */
async function instance(): Promise<string> {
  const dataDir = join(tempFolder(), 'data')
  const db = createDatabase({ kind: 'sqlite', file: join(dataDir, 'stratos.sqlite') })
  await migrateToLatest(db)
  await db.destroy()
  return dataDir
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('stratos backup', () => {
  test('behavior: --help prints the usage and exits 0', async () => {
    const { code, stdout } = await stratosBackup(['--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^usage: stratos backup --out FILE/)
  })

  test('behavior: writes the backup with mode 0600 and prints engine, schema, size, encryption and checksums', async () => {
    const dataDir = await instance()
    const out = join(tempFolder(), 'instance.stratos-backup')
    const { code, stdout, stderr } = await stratosBackup(['--out', out], { DATA_DIR: dataDir })
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const { manifest } = await readBackupHeader(out)
    expect(stdout).toContain(`stratos backup: wrote ${out}`)
    expect(stdout).toMatch(/engine +sqlite \(sqlite-database\)/)
    expect(stdout).toMatch(new RegExp(`schema version +${manifest.schema.version} \\(current`))
    expect(stdout).toContain(`size            ${statSync(out).size.toLocaleString('en-US')} bytes`)
    expect(stdout).toMatch(/encrypted +no/)
    expect(stdout).toContain(`database sha256 ${manifest.payload.sha256}`)
    expect(stdout).toContain(`file sha256     ${sha256(out)}`)
    // Only the backup is left in the folder: no partial file, no plaintext work folder.
    expect(readdirSync(join(out, '..'))).toEqual(['instance.stratos-backup'])
  })

  test('behavior: a passphrase from BACKUP_PASSPHRASE_FILE encrypts the backup; it is never printed', async () => {
    const dataDir = await instance()
    const folder = tempFolder()
    writeFileSync(join(folder, 'passphrase'), `${PASSPHRASE}\n`)
    const out = join(folder, 'instance.stratos-backup')
    const { code, stdout } = await stratosBackup(['--out', out], {
      DATA_DIR: dataDir,
      BACKUP_PASSPHRASE_FILE: join(folder, 'passphrase'),
    })
    expect(code).toBe(0)
    expect(stdout).toMatch(/encrypted +yes \(AES-256-GCM, scrypt N=131072 r=8 p=1\)/)
    expect(stdout).not.toContain(PASSPHRASE)
    expect((await readBackupHeader(out)).manifest.encryption?.cipher).toBe('aes-256-gcm')
  })

  test('error: an existing file is refused and left as it was (exit 1); --force replaces it', async () => {
    const dataDir = await instance()
    const out = join(tempFolder(), 'instance.stratos-backup')
    writeFileSync(out, 'precious')
    const refused = await stratosBackup(['--out', out], { DATA_DIR: dataDir })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe(
      `stratos backup: ${out} exists; choose another file or pass --force to replace it`,
    )
    expect(readFileSync(out, 'utf8')).toBe('precious')

    const forced = await stratosBackup(['--out', out, '--force'], { DATA_DIR: dataDir })
    expect(forced.code).toBe(0)
    expect((await readBackupHeader(out)).manifest.engine).toBe('sqlite')
  })

  test('error: a missing database fails with one message and leaves nothing behind', async () => {
    const folder = tempFolder()
    const out = join(folder, 'instance.stratos-backup')
    const { code, stderr } = await stratosBackup(['--out', out], { DATA_DIR: join(folder, 'nowhere') })
    expect(code).toBe(1)
    expect(stderr).toMatch(/^stratos backup: there is no SQLite database at .*nowhere\/stratos\.sqlite/)
    expect(readdirSync(folder)).toEqual([])
  })

  test('error: a passphrase shorter than 12 characters is refused before anything is written', async () => {
    const dataDir = await instance()
    const folder = tempFolder()
    const { code, stderr } = await stratosBackup(['--out', join(folder, 'b')], {
      DATA_DIR: dataDir,
      BACKUP_PASSPHRASE: 'short',
    })
    expect(code).toBe(1)
    expect(stderr).toMatch(/passphrase is shorter than 12 characters/)
    expect(stderr).not.toContain("'short'")
    expect(readdirSync(folder)).toEqual([])
  })

  test('error: usage errors exit 2 with the usage: no --out, a passphrase on the command line, no database', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [[], { DATA_DIR: '/tmp' }, /--out FILE is required/],
      [
        ['--out', 'x', '--passphrase', 'hunter2hunter2'],
        { DATA_DIR: '/tmp' },
        /never taken on the command line/,
      ],
      [['--out', 'x'], {}, /set DATABASE_URL \(or DATABASE_URL_FILE\), or DATA_DIR, or pass --data DIR/],
      [
        ['--out', 'x', '--data', 'a', '--database-url', 'sqlite:/b'],
        {},
        /--data or --database-url, not both/,
      ],
      [
        ['--out', 'x'],
        { DATABASE_URL: 'x', DATABASE_URL_FILE: '/y' },
        /DATABASE_URL or DATABASE_URL_FILE, not both/,
      ],
    ]
    for (const [args, env, message] of cases) {
      const { code, stderr } = await stratosBackup(args, env)
      expect(code).toBe(2)
      expect(stderr).toMatch(message)
      expect(stderr).toContain('usage: stratos backup')
      expect(stderr).not.toContain('hunter2')
    }
  })
})
