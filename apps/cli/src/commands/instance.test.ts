import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEnv } from 'node:util'
import { parse as parseToml } from 'smol-toml'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { runInProcess } from '../testing/runInProcess.js'
import { run } from './instance.js'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const ID_A = '3f1c2b7e-9a4d-4c55-8e21-0b6f7d9a1c24'
const ID_B = '8d0e6a51-2c3f-4b7a-9e10-5a4b3c2d1e0f'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stratos-instances-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const instance = (...args: string[]) => runInProcess(run, [...args, '--dir', dir])

const CLIENT_A = ['create', 'client-a', '--origin', 'https://wallet.client-a.com', '--rp-id', 'client-a.com']
const CLIENT_B = [
  'create',
  'client-b',
  '--origin',
  'https://vault.client-b.net',
  '--display-name',
  'Client B',
  '--staging-origin',
  'https://staging.vault.client-b.net',
]

/** Every file under `dir` with its contents: what a refused command must leave as it was. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (path: string, rel: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry)
      if (statSync(full).isDirectory()) walk(full, `${rel}${entry}/`)
      else files[`${rel}${entry}`] = readFileSync(full, 'utf8')
    }
  }
  walk(dir, '')
  return files
}

/** The part of a wrangler file the tests look at. */
interface Wrangler {
  name: string
  vars: Record<string, string>
  d1_databases: { binding: string; database_name: string; database_id: string }[]
  env?: Record<string, Wrangler>
}

function readConfig(path: string): Wrangler {
  return parseToml(readFileSync(path, 'utf8')) as unknown as Wrangler
}

type Environment = {
  worker: string
  database: string | undefined
  origin: string | undefined
  rpId: string | undefined
  dataDir: string
}

/** The environments of an instance as its files give them (both shapes). */
function environmentsOf(name: string): Environment[] {
  const config = readConfig(join(dir, `cloudflare/wrangler.${name}.toml`))
  const tables: [string | null, Wrangler][] = [[null, config], ...Object.entries(config.env ?? {})]
  return tables.map(([env, table]) => {
    const node = parseEnv(readFileSync(join(dir, `instances/${name}${env ? `.${env}` : ''}.env`), 'utf8'))
    // The Node shape carries the same settings as the Worker's vars.
    expect(node.PUBLIC_ORIGIN).toBe(table.vars.PUBLIC_ORIGIN)
    expect(node.RP_ID).toBe(table.vars.RP_ID)
    expect(node.INSTANCE_NAME).toBe(table.vars.INSTANCE_NAME)
    expect(
      Object.keys(node)
        .filter((key) => /SECRET|KEY/.test(key))
        .sort(),
    ).toEqual(['INSTANCE_KEY_FILE', 'SESSION_SECRET_FILE'])
    expect(table.d1_databases).toHaveLength(1)
    expect(table.d1_databases[0]?.binding).toBe('DB')
    return {
      worker: table.name,
      database: table.d1_databases[0]?.database_name,
      origin: table.vars.PUBLIC_ORIGIN,
      rpId: table.vars.RP_ID,
      dataDir: node.DATA_DIR!,
    }
  })
}

describe('stratos instance create', () => {
  test('behavior: two instances, one with staging: files parse, nothing is shared, commands name the file', async () => {
    const a = await instance(...CLIENT_A, '--database-id', ID_A)
    expect(a.stderr).toBe('')
    expect(a.code).toBe(0)
    const b = await instance(...CLIENT_B)
    expect(b.code).toBe(0)
    expect(Object.keys(snapshot()).sort()).toEqual([
      'cloudflare/wrangler.client-a.toml',
      'cloudflare/wrangler.client-b.toml',
      'instances/client-a.env',
      'instances/client-b.env',
      'instances/client-b.staging.env',
    ])

    const environments = [...environmentsOf('client-a'), ...environmentsOf('client-b')]
    expect(environments).toEqual([
      {
        worker: 'stratos-client-a',
        database: 'stratos-client-a',
        origin: 'https://wallet.client-a.com',
        rpId: 'client-a.com',
        dataDir: '/var/lib/stratos/client-a',
      },
      {
        worker: 'stratos-client-b',
        database: 'stratos-client-b',
        origin: 'https://vault.client-b.net',
        rpId: 'vault.client-b.net',
        dataDir: '/var/lib/stratos/client-b',
      },
      {
        worker: 'stratos-client-b-staging',
        database: 'stratos-client-b-staging',
        origin: 'https://staging.vault.client-b.net',
        rpId: 'staging.vault.client-b.net',
        dataDir: '/var/lib/stratos/client-b-staging',
      },
    ])
    for (const field of ['worker', 'database', 'origin', 'rpId', 'dataDir'] as const)
      expect(new Set(environments.map((e) => e[field])).size, field).toBe(environments.length)

    const configA = join(dir, 'cloudflare/wrangler.client-a.toml')
    const configB = join(dir, 'cloudflare/wrangler.client-b.toml')
    expect(a.stdout).toContain('wrangler d1 create stratos-client-a\n')
    expect(a.stdout).not.toContain('then put the database_id') // given with --database-id
    expect(a.stdout).toContain(`wrangler d1 migrations apply DB --remote -c ${configA}\n`)
    expect(a.stdout).toContain(`wrangler secret put SESSION_SECRET -c ${configA}\n`)
    expect(a.stdout).toContain(`wrangler secret put INSTANCE_KEY -c ${configA}\n`)
    expect(a.stdout).toContain(`wrangler deploy -c ${configA}\n`)
    expect(a.stdout).toContain('openssl rand -base64 48')
    expect(a.stdout).not.toContain('client-b')
    expect(b.stdout).toContain('wrangler d1 create stratos-client-b-staging\n')
    expect(b.stdout).toContain(`wrangler d1 migrations apply DB --remote -c ${configB} --env staging\n`)
    expect(b.stdout).toContain(`wrangler secret put INSTANCE_KEY -c ${configB} --env staging\n`)
    expect(b.stdout).toContain(`wrangler deploy -c ${configB} --env staging\n`)
    expect(b.stdout).toContain(`node --env-file=${join(dir, 'instances/client-b.staging.env')}`)
    expect(b.stdout).not.toContain('client-a')
  })

  test('error: each refusal says what is wrong and writes nothing', async () => {
    expect((await instance(...CLIENT_A, '--database-id', ID_A)).code).toBe(0)
    expect((await instance(...CLIENT_B)).code).toBe(0)
    const before = snapshot()
    const cases: [string[], RegExp][] = [
      [['create', 'Client-C', '--origin', 'https://c.example.com'], /instance name 'Client-C' must be/],
      [
        ['create', 'client-c', '--origin', 'http://c.example.com'],
        /must be https:\/\/ \(plain http only works for localhost\)/,
      ],
      [
        ['create', 'client-c', '--origin', 'https://c.example.com', '--rp-id', 'example.org'],
        /--rp-id 'example.org' is neither the host of the origin \(c.example.com\)/,
      ],
      [['create', 'client-c', '--origin', 'https://c.example.com', '--rp-id', 'com'], /public suffix/],
      [
        ['create', 'client-a', '--origin', 'https://other.example.com'],
        /instance client-a exists .*wrangler.client-a.toml.*--force replaces/,
      ],
      [
        ['create', 'client-c', '--origin', 'https://wallet.client-a.com'],
        /origin https:\/\/wallet.client-a.com is already used by instance client-a/,
      ],
      [
        ['create', 'client-c', '--origin', 'https://x.client-a.com', '--rp-id', 'client-a.com'],
        /RP id client-a.com is already used by instance client-a/,
      ],
      [
        [
          'create',
          'client-c',
          '--origin',
          'https://c.example.com',
          '--staging-origin',
          'https://staging.vault.client-b.net',
        ],
        /origin https:\/\/staging.vault.client-b.net is already used by instance client-b \(staging\)/,
      ],
      [
        ['create', 'client-c', '--origin', 'https://c.example.com', '--database-id', ID_A],
        /D1 database id 3f1c2b7e.* is already used by instance client-a/,
      ],
      // Its staging worker and database would be client-b's staging ones.
      [
        ['create', 'client-b-staging', '--origin', 'https://c.example.com'],
        /worker stratos-client-b-staging is already used by instance client-b \(staging\)/,
      ],
      [
        [
          'create',
          'client-c',
          '--origin',
          'https://c.example.com',
          '--staging-origin',
          'https://c.example.com',
        ],
        /the staging origin https:\/\/c.example.com is also the production one/,
      ],
    ]
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await instance(...args)
      expect(code, args.join(' ')).toBe(1)
      expect(stdout, args.join(' ')).toBe('')
      expect(stderr, args.join(' ')).toMatch(/^stratos instance create: nothing written/)
      expect(stderr, args.join(' ')).toMatch(message)
      expect(snapshot(), args.join(' ')).toEqual(before)
    }
  })

  test('error: an unreadable instance file stops create (nothing could be checked against it)', async () => {
    expect((await instance(...CLIENT_A)).code).toBe(0)
    writeFileSync(join(dir, 'cloudflare/wrangler.broken.toml'), 'name = "stratos-broken"\n[vars\n')
    const before = snapshot()
    const { code, stderr } = await instance('create', 'client-c', '--origin', 'https://c.example.com')
    expect(code).toBe(1)
    expect(stderr).toContain(
      `cannot check against ${join(dir, 'cloudflare/wrangler.broken.toml')}: not valid TOML (line 2)`,
    )
    expect(snapshot()).toEqual(before)
  })

  test('error: usage mistakes exit 2 with the help', async () => {
    for (const [args, message] of [
      [['create', '--origin', 'https://c.example.com'], /give the instance name/],
      [['create', 'client-c', 'extra', '--origin', 'https://c.example.com'], /unexpected argument 'extra'/],
      [['create', 'client-c', '--origin', 'https://c.example.com', '--bogus'], /bogus/],
      [['remove', 'client-c'], /unknown subcommand 'remove'/],
    ] as [string[], RegExp][]) {
      const { code, stderr } = await instance(...args)
      expect(code, args.join(' ')).toBe(2)
      expect(stderr).toMatch(message)
      expect(stderr).toContain('usage: stratos instance create')
    }
    expect(snapshot()).toEqual({})
  })

  test('behavior: --force rewrites, keeps the database ids filled in, and drops a removed staging env file', async () => {
    expect((await instance(...CLIENT_B, '--database-id', ID_B)).code).toBe(0)
    const config = join(dir, 'cloudflare/wrangler.client-b.toml')
    // The operator puts the staging id that `wrangler d1 create` printed into the file.
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(/(\[\[env\.staging[\s\S]*?database_id = )"[^"]*"/, `$1"${ID_A}"`),
    )
    expect((await instance(...CLIENT_B, '--display-name', 'Client B2', '--force')).code).toBe(0)
    const rewritten = readConfig(config)
    expect(rewritten.vars.INSTANCE_NAME).toBe('Client B2')
    expect(rewritten.d1_databases[0]?.database_id).toBe(ID_B)
    expect(rewritten.env?.staging?.d1_databases[0]?.database_id).toBe(ID_A)

    const { code, stdout } = await instance(
      'create',
      'client-b',
      '--origin',
      'https://vault.client-b.net',
      '--force',
    )
    expect(code).toBe(0)
    expect(stdout).toContain(`Removed ${join(dir, 'instances/client-b.staging.env')}`)
    expect(Object.keys(snapshot()).sort()).toEqual([
      'cloudflare/wrangler.client-b.toml',
      'instances/client-b.env',
    ])
    expect(readConfig(config).env).toBeUndefined()
  })
})

describe('stratos instance list', () => {
  test('behavior: a table of every instance; --json the same as data', async () => {
    expect((await instance(...CLIENT_A, '--database-id', ID_A)).code).toBe(0)
    expect((await instance(...CLIENT_B)).code).toBe(0)
    rmSync(join(dir, 'instances/client-a.env'))
    const { code, stdout, stderr } = await instance('list')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toMatch(/^NAME +ORIGIN +RP ID +WORKER +D1 DATABASE +STAGING +ENV FILE$/)
    expect(lines[1]).toMatch(
      /^client-a +https:\/\/wallet\.client-a\.com +client-a\.com +stratos-client-a +stratos-client-a +no +no$/,
    )
    expect(lines[2]).toMatch(
      /^client-b +https:\/\/vault\.client-b\.net +vault\.client-b\.net +stratos-client-b +stratos-client-b \(id: placeholder\) +yes +yes$/,
    )
    expect(lines).toHaveLength(3)

    const json = JSON.parse((await instance('list', '--json')).stdout)
    expect(json.map((row: { name: string }) => row.name)).toEqual(['client-a', 'client-b'])
    expect(json[0]).toMatchObject({ databaseIdPlaceholder: false, staging: false, envFile: false })
    expect(json[1]).toMatchObject({ databaseIdPlaceholder: true, staging: true, envFile: true })
    expect(json[0].environments).toEqual([
      {
        env: null,
        worker: 'stratos-client-a',
        database: 'stratos-client-a',
        databaseIdPlaceholder: false,
        origin: 'https://wallet.client-a.com',
        rpId: 'client-a.com',
      },
    ])
    expect(
      json[1].environments.map((e: Record<string, unknown>) => [
        e.env,
        e.worker,
        e.origin,
        e.databaseIdPlaceholder,
      ]),
    ).toEqual([
      [null, 'stratos-client-b', 'https://vault.client-b.net', true],
      ['staging', 'stratos-client-b-staging', 'https://staging.vault.client-b.net', true],
    ])
  })

  test('error: malformed files are named, the others still listed, exit 1, no stack trace', async () => {
    expect((await instance(...CLIENT_A)).code).toBe(0)
    writeFileSync(join(dir, 'cloudflare/wrangler.broken.toml'), 'name = [\n')
    writeFileSync(
      join(dir, 'cloudflare/wrangler.nameless.toml'),
      '[vars]\nPUBLIC_ORIGIN = "https://n.example.com"\n',
    )
    writeFileSync(join(dir, 'instances/stray.env'), 'RP_ID=x.example.com\n')
    const { code, stdout, stderr } = await instance('list')
    expect(code).toBe(1)
    expect(stdout).toMatch(/^client-a /m)
    expect(stderr).toContain(`${join(dir, 'cloudflare/wrangler.broken.toml')}: not valid TOML`)
    expect(stderr).toContain(
      `${join(dir, 'cloudflare/wrangler.nameless.toml')}: the top level has no name (the worker)`,
    )
    expect(stderr).toContain(`${join(dir, 'instances/stray.env')}: no PUBLIC_ORIGIN`)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  test('behavior: an empty folder has no instances', async () => {
    const { code, stdout } = await instance('list')
    expect(code).toBe(0)
    expect(stdout).toBe(`no instances in ${dir}`)
  })
})

describe('stratos instance (spawned: npx tsx apps/cli/src/bin.ts, from the repository)', () => {
  test('behavior: the top-level help names it; list finds deploy/ and shows the committed examples', () => {
    const stratos = (...args: string[]) =>
      spawnSync('npx', ['tsx', 'apps/cli/src/bin.ts', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
      })
    expect(stratos('--help').stdout).toMatch(/^ {2}instance +instance create: /m)
    const { stdout, stderr } = stratos('instance', 'list')
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(stdout).toMatch(/^example-a +https:\/\/wallet\.example\.com +example\.com +stratos-example-a /m)
    expect(stdout).toMatch(
      /^example-b +https:\/\/vault\.example\.net +vault\.example\.net +stratos-example-b .* yes +yes$/m,
    )
  })
})
