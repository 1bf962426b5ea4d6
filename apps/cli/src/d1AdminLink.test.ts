import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { issueD1AdminLink } from './d1AdminLink.js'

const repoRoot = resolve(import.meta.dirname, '../../..')
const wrangler = join(repoRoot, 'node_modules/wrangler/bin/wrangler.js')
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', CI: '1' }

/** An instance's D1 database in wrangler's local copy: nothing here reaches Cloudflare. */
describe('stratos admin-link --wrangler (local D1)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratos-d1-link-'))
  const config = join(dir, 'wrangler.toml')
  const target = { remote: false as const, persistTo: join(dir, 'state') }
  const sql = async (command: string) => {
    const args = [wrangler, 'd1', 'execute', 'DB', '-c', config, '--local', '--persist-to', target.persistTo]
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...args, '--json', '--command', command],
      { env },
    )
    return (JSON.parse(stdout) as { results: Record<string, unknown>[] }[])[0]!.results
  }

  beforeAll(async () => {
    writeFileSync(
      config,
      [
        'name = "stratos-link-test"',
        'compatibility_date = "2026-04-01"',
        '[[d1_databases]]',
        'binding = "DB"',
        'database_name = "stratos-link-test"',
        'database_id = "00000000-0000-0000-0000-000000000000"',
        `migrations_dir = ${JSON.stringify(join(repoRoot, 'deploy/cloudflare/migrations'))}`,
        '[vars]',
        'PUBLIC_ORIGIN = "https://vault.example.org"',
        '',
      ].join('\n'),
    )
    const args = [wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', target.persistTo]
    await promisify(execFile)(process.execPath, [...args, '-c', config], { env })
  }, 120_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('behavior: issues a link whose token hash is stored; a new one replaces it; none once an admin exists', async () => {
    const first = await issueD1AdminLink({ config, target })
    expect(first).toMatch(/^https:\/\/vault\.example\.org\/enroll#token=[\w-]{43}$/)
    const second = await issueD1AdminLink({ config, target })
    const token = second!.split('#token=')[1]!
    const stored = await sql(
      "select value from instance_settings where key = 'admin_enrollment_token_sha256'",
    )
    expect(stored).toEqual([
      { value: JSON.stringify(createHash('sha256').update(token).digest('base64url')) },
    ])
    expect(first).not.toBe(second)

    await sql(
      "insert into users (id, display_name, role, webauthn_user_id, created_at) values ('u1', 'Ada', 'admin', 'h1', '2026-01-01T00:00:00.000Z')",
    )
    expect(await issueD1AdminLink({ config, target })).toBeNull()
    const after = await sql("select value from instance_settings where key = 'admin_enrollment_token_sha256'")
    expect(after).toEqual(stored)
  }, 120_000)

  test('error: a configuration without PUBLIC_ORIGIN or without the environment is refused by name', async () => {
    await expect(issueD1AdminLink({ config, env: 'staging', target })).rejects.toThrow(
      /no environment staging/,
    )
  })
})
