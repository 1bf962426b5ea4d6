import { readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'
import { parse as parseToml } from 'smol-toml'
import { describe, expect, test } from 'vitest'
import {
  DATABASE_ID_PLACEHOLDER,
  InstanceError,
  type InstanceOptions,
  type InstanceSummary,
  instanceConflicts,
  instanceFilePaths,
  instanceSpec,
  nextSteps,
  readEnvFile,
  readWranglerToml,
  renderEnvFile,
  renderWranglerToml,
  rpIdProblem,
} from './instanceFiles.js'

const deployDir = new URL('../../../deploy/', import.meta.url)

/**
 * The sample instances committed under deploy/ (written by `stratos instance create` with these
 * options; see deploy/README.md).
 */
const EXAMPLES: InstanceOptions[] = [
  {
    name: 'example-a',
    origin: 'https://wallet.example.com',
    rpId: 'example.com',
    displayName: 'Example A',
  },
  {
    name: 'example-b',
    origin: 'https://vault.example.net',
    displayName: 'Example B',
    stagingOrigin: 'https://vault.staging.example.net',
  },
]

const ID = '3f1c2b7e-9a4d-4c55-8e21-0b6f7d9a1c24'

function problemsOf(options: InstanceOptions): string[] {
  try {
    instanceSpec(options)
  } catch (error) {
    if (error instanceof InstanceError) return error.problems
    throw error
  }
  return []
}

describe('instanceSpec', () => {
  test('behavior: defaults: RP id = the origin host, display name = the name, placeholder database id', () => {
    expect(instanceSpec({ name: 'client-a', origin: 'https://wallet.client-a.com' })).toEqual({
      name: 'client-a',
      environments: [
        {
          env: null,
          worker: 'stratos-client-a',
          databaseName: 'stratos-client-a',
          databaseId: DATABASE_ID_PLACEHOLDER,
          origin: 'https://wallet.client-a.com',
          rpId: 'wallet.client-a.com',
          displayName: 'client-a',
        },
      ],
    })
  })

  test('behavior: staging gets its own worker, database, origin, RP id and display name', () => {
    const spec = instanceSpec({
      name: 'client-b',
      origin: 'https://vault.client-b.com',
      rpId: 'client-b.com',
      displayName: 'Client B',
      databaseId: ID,
      stagingOrigin: 'https://staging.client-b.com',
    })
    expect(spec.environments[1]).toEqual({
      env: 'staging',
      worker: 'stratos-client-b-staging',
      databaseName: 'stratos-client-b-staging',
      databaseId: DATABASE_ID_PLACEHOLDER,
      origin: 'https://staging.client-b.com',
      rpId: 'staging.client-b.com',
      displayName: 'Client B (staging)',
    })
    expect(spec.environments[0]?.databaseId).toBe(ID)
  })

  test('behavior: an RP id is compared as a host: case and international names do not matter', () => {
    const spec = instanceSpec({
      name: 'books',
      origin: 'https://wallet.bücher.example',
      rpId: 'BÜCHER.example',
    })
    expect(spec.environments[0]).toMatchObject({
      origin: 'https://wallet.xn--bcher-kva.example',
      rpId: 'xn--bcher-kva.example',
    })
    expect(problemsOf({ name: 'books', origin: 'https://a.example.com', rpId: 'example.com:443' })).toEqual([
      "--rp-id 'example.com:443' is neither the host of the origin (a.example.com) nor a parent domain of it",
    ])
  })

  test('behavior: http only for localhost; a localhost origin is accepted', () => {
    expect(instanceSpec({ name: 'local', origin: 'http://localhost:8787' }).environments[0]?.rpId).toBe(
      'localhost',
    )
  })

  test('error: each bad option is named, all at once', () => {
    const cases: [InstanceOptions, RegExp][] = [
      [{ name: 'A', origin: 'https://a.example.com' }, /instance name 'A' must be 2 to 31/],
      [{ name: 'a', origin: 'https://a.example.com' }, /instance name 'a'/],
      [{ name: 'client-', origin: 'https://a.example.com' }, /not ending with -/],
      [{ name: '9lives', origin: 'https://a.example.com' }, /starting with a letter/],
      [{ name: `c${'x'.repeat(31)}`, origin: 'https://a.example.com' }, /2 to 31/],
      [{ name: '../etc', origin: 'https://a.example.com' }, /instance name/],
      [{ name: 'client-a' }, /--origin is required/],
      [
        { name: 'client-a', origin: 'http://a.example.com' },
        /--origin 'http:\/\/a.example.com' must be https/,
      ],
      [{ name: 'client-a', origin: 'https://a.example.com/app' }, /without a path/],
      [{ name: 'client-a', origin: 'wallet' }, /is not a URL/],
      [{ name: 'client-a', origin: 'https://a.example.com:8443' }, /has a port/],
      [{ name: 'client-a', origin: 'https://10.0.0.1' }, /IP address/],
      [
        { name: 'client-a', origin: 'https://a.example.com', rpId: 'other.com' },
        /neither the host .* nor a parent/,
      ],
      [{ name: 'client-a', origin: 'https://a.example.co.uk', rpId: 'co.uk' }, /public suffix/],
      [{ name: 'client-a', origin: 'https://a.workers.dev', rpId: 'workers.dev' }, /public suffix/],
      [{ name: 'client-a', origin: 'https://a.example.com', databaseId: 'abc' }, /not a D1 database id/],
      [{ name: 'client-a', origin: 'https://a.example.com', displayName: 'A\nB' }, /--display-name/],
      [{ name: 'client-a', origin: 'https://a.example.com', displayName: 'A # b' }, /--display-name/],
      [
        { name: 'client-a', origin: 'https://a.example.com', stagingRpId: 'a.example.com' },
        /--staging-origin is required/,
      ],
      [
        { name: 'client-a', origin: 'https://a.example.com', stagingOrigin: 'http://staging.example.com' },
        /--staging-origin .* must be https/,
      ],
    ]
    for (const [options, message] of cases) {
      const problems = problemsOf(options)
      expect(problems.join('\n'), JSON.stringify(options)).toMatch(message)
    }
    expect(problemsOf({ name: 'A', origin: 'http://x.com', displayName: '#' })).toHaveLength(3)
  })
})

describe('rpIdProblem', () => {
  test('behavior: the host itself or a registrable parent domain', () => {
    expect(rpIdProblem('wallet.example.com', 'wallet.example.com')).toBeNull()
    expect(rpIdProblem('example.com', 'wallet.example.com')).toBeNull()
    expect(rpIdProblem('example.co.uk', 'a.b.example.co.uk')).toBeNull()
  })

  test('error: another domain, a suffix that is not a label boundary, a public suffix', () => {
    expect(rpIdProblem('ample.com', 'wallet.example.com')).toMatch(/neither/)
    expect(rpIdProblem('wallet.example.com.evil.com', 'wallet.example.com')).toMatch(/neither/)
    expect(rpIdProblem('com', 'wallet.example.com')).toMatch(/public suffix/)
    expect(rpIdProblem('github.io', 'me.github.io')).toMatch(/public suffix/)
  })
})

describe('renderWranglerToml', () => {
  test('behavior: parses as TOML into the issue-12 shape, staging in [env.staging]', () => {
    const spec = instanceSpec({ ...EXAMPLES[1]!, name: 'client-b', databaseId: ID })
    expect(parseToml(renderWranglerToml(spec))).toEqual({
      name: 'stratos-client-b',
      main: '../../apps/api/src/worker.ts',
      compatibility_date: '2026-04-01',
      compatibility_flags: ['nodejs_compat'],
      routes: [{ pattern: 'vault.example.net', custom_domain: true }],
      assets: { directory: '../../apps/web/dist', binding: 'ASSETS', run_worker_first: true },
      d1_databases: [
        { binding: 'DB', database_name: 'stratos-client-b', database_id: ID, migrations_dir: 'migrations' },
      ],
      triggers: { crons: ['*/10 * * * *'] },
      observability: { enabled: true },
      vars: {
        PUBLIC_ORIGIN: 'https://vault.example.net',
        RP_ID: 'vault.example.net',
        INSTANCE_NAME: 'Example B',
      },
      env: {
        staging: {
          name: 'stratos-client-b-staging',
          routes: [{ pattern: 'vault.staging.example.net', custom_domain: true }],
          d1_databases: [
            {
              binding: 'DB',
              database_name: 'stratos-client-b-staging',
              database_id: DATABASE_ID_PLACEHOLDER,
              migrations_dir: 'migrations',
            },
          ],
          triggers: { crons: ['*/10 * * * *'] },
          observability: { enabled: true },
          vars: {
            PUBLIC_ORIGIN: 'https://vault.staging.example.net',
            RP_ID: 'vault.staging.example.net',
            INSTANCE_NAME: 'Example B (staging)',
          },
        },
      },
    })
  })

  test('behavior: a localhost origin has no route; quotes and accents survive', () => {
    const spec = instanceSpec({
      name: 'local',
      origin: 'http://localhost:8787',
      displayName: "Société d'Ève",
    })
    const config = parseToml(renderWranglerToml(spec))
    expect(config.routes).toBeUndefined()
    expect(config.vars).toEqual({
      PUBLIC_ORIGIN: 'http://localhost:8787',
      RP_ID: 'localhost',
      INSTANCE_NAME: "Société d'Ève",
    })
  })

  test('behavior: an environment without a name of its own is <top-level name>-<env>, as wrangler has it', () => {
    const text =
      'name = "stratos-x"\n[vars]\nPUBLIC_ORIGIN = "https://x.example.com"\n[env.staging.vars]\nPUBLIC_ORIGIN = "https://s.example.com"\n'
    expect(readWranglerToml('x.toml', text).map((e) => [e.env, e.worker, e.rpId, e.databaseName])).toEqual([
      [null, 'stratos-x', 'x.example.com', null],
      ['staging', 'stratos-x-staging', 's.example.com', null],
    ])
  })

  test('error: not TOML, no worker name, an origin that is not a URL: named with the file', () => {
    const problems = (text: string) => {
      try {
        readWranglerToml('deploy/cloudflare/wrangler.x.toml', text)
      } catch (error) {
        if (error instanceof InstanceError) return error.problems
        throw error
      }
      return []
    }
    expect(problems('name = "a"\nname = "b"\n')).toEqual([
      'deploy/cloudflare/wrangler.x.toml: not valid TOML (line 2)',
    ])
    expect(problems('main = "w.ts"\n')).toEqual([
      'deploy/cloudflare/wrangler.x.toml: the top level has no name (the worker)',
    ])
    expect(problems('name = "a"\n[vars]\nPUBLIC_ORIGIN = "nope"\n')).toEqual([
      "deploy/cloudflare/wrangler.x.toml: the top level PUBLIC_ORIGIN 'nope' is not a URL",
    ])
    expect(problems('name = "a"\nenv = 3\n')).toEqual([
      'deploy/cloudflare/wrangler.x.toml: env is not a table',
    ])
  })

  test('behavior: readWranglerToml reads back what was rendered', () => {
    const spec = instanceSpec({ ...EXAMPLES[1]!, databaseId: ID })
    expect(readWranglerToml('x.toml', renderWranglerToml(spec))).toEqual(
      spec.environments.map(({ displayName: _, ...environment }) => environment),
    )
  })
})

describe('renderEnvFile', () => {
  test('behavior: dotenv lines with the same variable names; secrets only as *_FILE paths', () => {
    const spec = instanceSpec({ ...EXAMPLES[1]!, displayName: "Société d'Ève" })
    const [production, staging] = spec.environments
    expect(parseEnv(renderEnvFile(spec, production!))).toEqual({
      PUBLIC_ORIGIN: 'https://vault.example.net',
      RP_ID: 'vault.example.net',
      INSTANCE_NAME: "Société d'Ève",
      SESSION_SECRET_FILE: '/etc/stratos/example-b/session-secret',
      INSTANCE_KEY_FILE: '/etc/stratos/example-b/instance-key',
      DATA_DIR: '/var/lib/stratos/example-b',
    })
    const stagingEnv = parseEnv(renderEnvFile(spec, staging!))
    expect(stagingEnv).toMatchObject({
      PUBLIC_ORIGIN: 'https://vault.staging.example.net',
      INSTANCE_NAME: "Société d'Ève (staging)",
      SESSION_SECRET_FILE: '/etc/stratos/example-b-staging/session-secret',
      DATA_DIR: '/var/lib/stratos/example-b-staging',
    })
    expect(readEnvFile('x.env', 'staging', renderEnvFile(spec, staging!))).toEqual({
      env: 'staging',
      worker: null,
      databaseName: null,
      databaseId: null,
      origin: 'https://vault.staging.example.net',
      rpId: 'vault.staging.example.net',
    })
  })
})

describe('nextSteps', () => {
  test('behavior: each environment names its config file and --env; the placeholder asks for the id', () => {
    const spec = instanceSpec(EXAMPLES[1]!)
    const text = nextSteps(spec, 'deploy/cloudflare/wrangler.example-b.toml', (env) =>
      env ? `deploy/instances/example-b.${env}.env` : 'deploy/instances/example-b.env',
    )
    const c = '-c deploy/cloudflare/wrangler.example-b.toml'
    for (const line of [
      'wrangler d1 create stratos-example-b',
      'wrangler d1 create stratos-example-b-staging',
      `wrangler d1 migrations apply DB --remote ${c}\n`,
      `wrangler d1 migrations apply DB --remote ${c} --env staging`,
      `openssl rand -base64 48 | wrangler secret put SESSION_SECRET ${c}\n`,
      `openssl rand -base64 48 | wrangler secret put INSTANCE_KEY ${c} --env staging`,
      `wrangler deploy ${c}\n`,
      `wrangler deploy ${c} --env staging`,
      'npx stratos admin-link --wrangler deploy/cloudflare/wrangler.example-b.toml --env staging --remote',
      'then put the database_id it prints into deploy/cloudflare/wrangler.example-b.toml [env.staging]',
      'node --env-file=deploy/instances/example-b.staging.env apps/cli/dist/stratos.js serve',
    ])
      expect(text).toContain(line)
  })
})

describe('instanceConflicts', () => {
  const other = (environments: Partial<InstanceSummary['environments'][number]>[]): InstanceSummary => ({
    name: 'other',
    config: 'cloudflare/wrangler.other.toml',
    envFiles: [],
    environments: environments.map((e) => ({
      env: null,
      worker: 'stratos-other',
      databaseName: 'stratos-other',
      databaseId: DATABASE_ID_PLACEHOLDER,
      origin: 'https://other.example.org',
      rpId: 'other.example.org',
      ...e,
    })),
  })
  const spec = instanceSpec({ name: 'client-a', origin: 'https://a.example.com', databaseId: ID })

  test('behavior: nothing shared, placeholder ids and the instance itself do not count', () => {
    expect(instanceConflicts(spec, [other([{}])])).toEqual([])
    expect(
      instanceConflicts(spec, [{ ...other([{ origin: 'https://a.example.com' }]), name: 'client-a' }]),
    ).toEqual([])
  })

  test('error: a shared origin, RP id, database id, worker or database is named with its owner', () => {
    expect(instanceConflicts(spec, [other([{ origin: 'https://a.example.com' }])])).toEqual([
      'origin https://a.example.com is already used by instance other in cloudflare/wrangler.other.toml: an instance never shares it',
    ])
    expect(instanceConflicts(spec, [other([{}, { env: 'staging', rpId: 'a.example.com' }])])).toEqual([
      'RP id a.example.com is already used by instance other (staging) in cloudflare/wrangler.other.toml: an instance never shares it',
    ])
    expect(instanceConflicts(spec, [other([{ databaseId: ID }])])[0]).toMatch(/D1 database id 3f1c2b7e/)
    expect(
      instanceConflicts(spec, [other([{ worker: 'stratos-client-a', databaseName: 'stratos-client-a' }])]),
    ).toHaveLength(2)
  })

  test('error: staging may not share the production RP id or origin', () => {
    const shared = instanceSpec({
      name: 'client-a',
      origin: 'https://a.example.com',
      rpId: 'example.com',
      stagingOrigin: 'https://staging.example.com',
      stagingRpId: 'example.com',
    })
    expect(instanceConflicts(shared, [])).toEqual([
      'the staging RP id example.com is also the production one: each environment has its own',
    ])
  })
})

describe('the committed examples', () => {
  test('behavior: deploy/cloudflare and deploy/instances hold exactly what create renders today', () => {
    for (const options of EXAMPLES) {
      const spec = instanceSpec(options)
      const paths = instanceFilePaths(spec.name)
      expect(readFileSync(new URL(paths.config, deployDir), 'utf8'), paths.config).toBe(
        renderWranglerToml(spec),
      )
      for (const environment of spec.environments) {
        const file = paths.envFile(environment.env)
        expect(readFileSync(new URL(file, deployDir), 'utf8'), file).toBe(renderEnvFile(spec, environment))
      }
    }
  })
})
