/**
 * Checks deploy/compose/api.yml with the tool that runs it: docker-compose v1 resolves and
 * validates the file (`config` needs no Docker engine), then the properties the stack relies on
 * are asserted on the resolved configuration.
 *
 * docker-compose is required, not optional: a missing one fails the test with the Debian package
 * that provides it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse as parseYaml } from 'yaml'

const composeDir = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(composeDir, '../..')
const composeFile = 'deploy/compose/api.yml'
const SECRET_LIKE = /PASSWORD|TOKEN|SECRET|INSTANCE_KEY|PRIVATE_KEY|DATABASE_URL|RPC_URL|API_KEY/

type Service = {
  image?: string
  build?: { context: string; dockerfile: string }
  command?: string[]
  environment?: Record<string, string | null>
  depends_on?: Record<string, { condition: string }>
  healthcheck?: { test: string[] }
  secrets?: { source: string }[]
  ports?: (string | { host_ip?: string; published?: number | string; target: number })[]
  read_only?: boolean
  tmpfs?: string[]
  stop_grace_period?: string
  volumes?: string[]
}
type Config = {
  services: Record<string, Service>
  secrets?: Record<string, { file?: string }>
  volumes?: Record<string, unknown>
}

// The defaults written in the file, not the caller's environment or a local deploy/compose/.env.
const scratch = mkdtempSync(path.join(tmpdir(), 'stratos-compose-test-'))
const emptyEnvFile = path.join(scratch, 'empty.env')
writeFileSync(emptyEnvFile, '')
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Runs docker-compose from the repository root; a missing tool throws, naming its package. */
function compose(args: string[]) {
  const result = spawnSync('docker-compose', ['--env-file', emptyEnvFile, '-f', composeFile, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    timeout: 20_000,
  })
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error('docker-compose is not installed: run `apt-get install -y docker-compose` (Debian)')
  }
  if (result.error) throw result.error
  return result
}

let config: Config
beforeAll(() => {
  const result = compose(['config'])
  if (result.status !== 0) throw new Error(`docker-compose config failed: ${result.stderr}`)
  config = parseYaml(result.stdout) as Config
})

function service(name: string): Service {
  const found = config.services[name]
  if (!found) throw new Error(`service ${name} is missing from ${composeFile}`)
  return found
}

/** docker-compose v1 prints durations as written (`30s`, `1m30s`); seconds. */
function seconds(duration: string | undefined): number {
  const match = duration?.match(/^(?:(\d+)m)?(?:(\d+)s)?$/)
  if (!match || duration === '') throw new Error(`not a duration: ${duration}`)
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)
}

describe('api.yml', () => {
  test('behavior: docker-compose v1 accepts the file with no warnings', () => {
    const result = compose(['config', '-q'])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  test('behavior: api and migrate run the image built from apps/api/Dockerfile, serve and migrate', () => {
    const api = service('api')
    const migrate = service('migrate')
    for (const s of [api, migrate]) {
      expect(s.build).toEqual({ context: repoRoot, dockerfile: 'apps/api/Dockerfile' })
    }
    expect(migrate.image).toBe(api.image)
    expect(api.command).toEqual(['serve'])
    expect(migrate.command).toEqual(['migrate'])
  })

  test('behavior: the migration waits for a healthy PostgreSQL 15, and the api for the migration to succeed', () => {
    const postgres = service('api-postgres')
    expect(postgres.image).toMatch(/^postgres:15\.\d+$/)
    expect(postgres.healthcheck?.test).toContain('pg_isready')
    const data = postgres.volumes?.find((v) => v.endsWith(':/var/lib/postgresql/data:rw'))
    expect(Object.keys(config.volumes ?? {})).toContain(data?.split(':')[0])
    expect(service('migrate').depends_on).toEqual({
      'api-postgres': { condition: 'service_healthy' },
    })
    expect(service('api').depends_on).toEqual({
      'api-postgres': { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    })
  })

  test('behavior: the api is published on 127.0.0.1 only and checked on /healthz at its port', () => {
    const api = service('api')
    expect(api.ports).toEqual(['127.0.0.1:8787:8787/tcp', '127.0.0.1:9465:9465/tcp'])
    expect(api.healthcheck?.test.join(' ')).toContain("fetch('http://127.0.0.1:8787/healthz')")
  })

  test('behavior: api and migrate have a read-only root filesystem with a tmpfs /tmp', () => {
    for (const name of ['api', 'migrate']) {
      expect(service(name).read_only, name).toBe(true)
      expect(service(name).tmpfs, name).toEqual(['/tmp'])
    }
  })

  test('behavior: compose waits longer than the shutdown bound before killing the api', () => {
    const api = service('api')
    const bound = Number(api.environment?.SHUTDOWN_TIMEOUT_SECONDS)
    expect(bound).toBeGreaterThan(0)
    expect(seconds(api.stop_grace_period)).toBeGreaterThan(bound)
  })

  test('behavior: secrets come from files in deploy/compose/secrets, each *_FILE naming a mounted one', () => {
    expect(Object.keys(config.secrets ?? {}).sort()).toEqual([
      'database_url',
      'instance_key',
      'postgres_password',
      'session_secret',
    ])
    for (const [name, secret] of Object.entries(config.secrets ?? {})) {
      expect(secret.file, name).toBe(path.join(composeDir, 'secrets', name))
    }
    for (const [name, s] of Object.entries(config.services)) {
      const mounted = (s.secrets ?? []).map((secret) => `/run/secrets/${secret.source}`)
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (SECRET_LIKE.test(key)) expect(key, `${name}: ${key}`).toMatch(/_FILE$/)
        if (key.endsWith('_FILE')) expect(mounted, `${name}: ${key}`).toContain(value)
      }
    }
    expect(service('api').environment).toMatchObject({
      SESSION_SECRET_FILE: '/run/secrets/session_secret',
      INSTANCE_KEY_FILE: '/run/secrets/instance_key',
      DATABASE_URL_FILE: '/run/secrets/database_url',
    })
  })

  test('behavior: the file itself holds no secret value', () => {
    const lines = readFileSync(path.join(composeDir, 'api.yml'), 'utf8').split('\n')
    // Failures name the line, never print it: it would hold the secret.
    lines.forEach((line, i) => {
      const where = `api.yml line ${i + 1}`
      expect(/\w+:\/\/[^/\s:@]+:[^/\s@]+@/.test(line), `${where}: a URL with credentials`).toBe(false)
      const [, key, value] = line.match(/^\s*-?\s*([A-Z][A-Z0-9_]*)\s*[:=]\s*(\S.*)?$/) ?? []
      if (key && value && SECRET_LIKE.test(key))
        expect(key.endsWith('_FILE'), `${where}: ${key} has a value`).toBe(true)
    })
  })

  test('behavior: every image that is not built here is pinned to a version', () => {
    for (const [name, s] of Object.entries(config.services)) {
      if (s.build) continue
      expect(s.image, name).toMatch(/^[\w./-]+:v?\d+(\.\d+)+[\w.-]*$/)
    }
  })
})
