/**
 * The sample pipeline (`pipeline.example.yml`, GitHub Actions) cannot run here: no runner, no
 * Cloudflare account. So its instance discovery, a shell step, is run as the runner would run it
 * (bash -eo pipefail, `GITHUB_OUTPUT` a file) on the committed instances and on a folder of ready
 * ones; and the jobs are read from the parsed YAML: the tests first, staging before production,
 * in each the migrations of an instance before its deployment, with the same file and environment,
 * and the API token only from the pipeline's secrets.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { instanceSpec, renderWranglerToml } from '../../apps/cli/src/instanceFiles.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../..')

interface Step {
  id?: string
  name?: string
  run?: string
  uses?: string
  env?: Record<string, string>
}
interface Job {
  needs?: string | string[]
  if?: string
  env?: Record<string, string>
  strategy?: { matrix?: { include?: string } }
  steps: Step[]
}
interface Pipeline {
  on: { push?: { branches?: string[] } }
  defaults?: { run?: { shell?: string } }
  jobs: Record<string, Job>
}

/** A GitHub Actions expression as the file writes it: `expr('matrix.config')` is `${{ matrix.config }}`. */
const expr = (expression: string): string => `\${{ ${expression} }}`

const pipeline = parseYaml(readFileSync(path.join(here, 'pipeline.example.yml'), 'utf8')) as Pipeline

function job(name: string): Job {
  const found = pipeline.jobs[name]
  if (!found) throw new Error(`the pipeline has no job ${name}`)
  return found
}

interface Entry {
  instance: string
  config: string
  origin: string
}
interface Discovery {
  status: number | null
  stdout: string
  stderr: string
  production: Entry[]
  staging: Entry[]
}

/** Runs the discovery step of the test job with `DEPLOY_DIR` = `deployDir`, as the runner would. */
function discover(deployDir: string): Discovery {
  const step = job('test').steps.find((s) => s.id === 'instances')
  if (!step?.run) throw new Error('the test job has no step "instances" with a script')
  const scratch = mkdtempSync(path.join(tmpdir(), 'stratos-pipeline-'))
  try {
    const outputFile = path.join(scratch, 'output')
    writeFileSync(outputFile, '')
    // What `shell: bash` runs: bash --noprofile --norc -eo pipefail {0}.
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ...step.env, DEPLOY_DIR: deployDir, GITHUB_OUTPUT: outputFile },
    })
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), JSON.parse(line.slice(line.indexOf('=') + 1))]),
    )
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      production: outputs.production ?? [],
      staging: outputs.staging ?? [],
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** The wrangler files of the instances under `deployDir`, as the pipeline names them. */
function instanceFiles(deployDir: string): string[] {
  return readdirSync(path.resolve(repoRoot, deployDir, 'cloudflare'))
    .filter((file) => /^wrangler\.[^.]+\.toml$/.test(file))
    .map((file) => `${deployDir}/cloudflare/${file}`)
}

/** The warning the discovery prints for a file it skips. */
const skipped = (config: string) => new RegExp(`^::warning file=${config.replace(/\./g, '\\.')}::`, 'm')

const scratchDirs: string[] = []
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true })
})

// Each discovery starts the CLI through npx and tsx: seconds on a busy machine.
describe('the instance discovery of pipeline.example.yml', { timeout: 90_000 }, () => {
  test('behavior: every instance file under deploy/cloudflare is deployed or named as skipped', () => {
    const found = discover('deploy')
    expect(found.stderr).not.toMatch(/\n\s+at /)
    expect(found.status).toBe(0)
    const files = instanceFiles('deploy')
    expect(files.length).toBeGreaterThan(0)
    const deployed = new Set([...found.production, ...found.staging].map((entry) => entry.config))
    for (const file of files) {
      // The committed examples have placeholder database ids: named as skipped, never deployed.
      if (!deployed.has(file)) expect(found.stdout, file).toMatch(skipped(file))
    }
  })

  test('behavior: ready instances: each in production, those with [env.staging] in staging; placeholders skipped', () => {
    const deployDir = mkdtempSync(path.join(tmpdir(), 'stratos-pipeline-deploy-'))
    scratchDirs.push(deployDir)
    mkdirSync(path.join(deployDir, 'cloudflare'))
    const write = (options: Parameters<typeof instanceSpec>[0]) =>
      writeFileSync(
        path.join(deployDir, `cloudflare/wrangler.${options.name}.toml`),
        renderWranglerToml(instanceSpec(options)),
      )
    write({
      name: 'client-a',
      origin: 'https://wallet.client-a.com',
      databaseId: '3f1c2b7e-9a4d-4c55-8e21-0b6f7d9a1c24',
    })
    write({
      name: 'client-b',
      origin: 'https://vault.client-b.net',
      databaseId: '8d0e6a51-2c3f-4b7a-9e10-5a4b3c2d1e0f',
      stagingOrigin: 'https://staging.vault.client-b.net',
      stagingDatabaseId: '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
    })
    // Production created, staging not yet: the whole instance waits.
    write({
      name: 'client-c',
      origin: 'https://c.example.org',
      databaseId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
      stagingOrigin: 'https://staging.c.example.org',
    })
    const found = discover(deployDir)
    expect(found.status).toBe(0)
    const config = (name: string) => `${deployDir}/cloudflare/wrangler.${name}.toml`
    expect(found.production).toEqual([
      { instance: 'client-a', config: config('client-a'), origin: 'https://wallet.client-a.com' },
      { instance: 'client-b', config: config('client-b'), origin: 'https://vault.client-b.net' },
    ])
    expect(found.staging).toEqual([
      { instance: 'client-b', config: config('client-b'), origin: 'https://staging.vault.client-b.net' },
    ])
    expect(found.stdout).toMatch(skipped(config('client-c')))
    expect(found.stdout).toContain('the staging database_id is not filled in')
    const deployed = new Set([...found.production, ...found.staging].map((entry) => entry.config))
    for (const file of instanceFiles(deployDir))
      expect(deployed.has(file) || skipped(file).test(found.stdout), file).toBe(true)
  })

  test('error: a wrangler file that cannot be read fails the step and names the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stratos-pipeline-deploy-'))
    scratchDirs.push(dir)
    mkdirSync(path.join(dir, 'cloudflare'))
    writeFileSync(path.join(dir, 'cloudflare/wrangler.broken.toml'), 'name = [\n')
    const found = discover(dir)
    expect(found.status).not.toBe(0)
    expect(found.stderr).toContain('wrangler.broken.toml: not valid TOML')
  })
})

describe('the jobs of pipeline.example.yml', () => {
  // Production is the top level of each file, named explicitly (wrangler warns when a file with
  // environments is deployed without --env).
  const deployJobs = { staging: '--env staging', production: '--env=""' } as const

  test('behavior: runs on a push to main; every run step in bash with pipefail', () => {
    expect(pipeline.on.push?.branches).toEqual(['main'])
    expect(pipeline.defaults?.run?.shell).toBe('bash')
  })

  test('behavior: the tests run first: npm ci and npm test, through .ci/run', () => {
    const runs = job('test').steps.map((step) => step.run ?? '')
    expect(runs).toContain('.ci/run')
    const ci = readFileSync(path.join(repoRoot, '.ci/run'), 'utf8')
    expect(ci).toMatch(/^npm ci$/m)
    expect(ci).toMatch(/^npm test$/m)
    // The discovery reads node_modules: after .ci/run.
    expect(runs.indexOf('.ci/run')).toBeLessThan(job('test').steps.findIndex((s) => s.id === 'instances'))
  })

  test('behavior: staging after the tests, production after staging, each over the discovered instances', () => {
    const needs = (name: string) => [job(name).needs ?? []].flat()
    expect(needs('staging')).toEqual(['test'])
    expect(needs('production')).toEqual(expect.arrayContaining(['test', 'staging']))
    expect(job('staging').strategy?.matrix?.include).toBe(expr('fromJSON(needs.test.outputs.staging)'))
    expect(job('production').strategy?.matrix?.include).toBe(expr('fromJSON(needs.test.outputs.production)'))
    // A failed staging deployment stops production; no staging at all does not.
    expect(job('production').if).toMatch(
      /needs\.staging\.result == 'success' \|\| needs\.staging\.result == 'skipped'/,
    )
    expect(job('production').if).toMatch(/needs\.test\.result == 'success'/)
  })

  test('behavior: in each deploy job the migrations of the instance run before its deployment', () => {
    for (const [name, env] of Object.entries(deployJobs)) {
      const runs = job(name).steps.map((step) => step.run ?? '')
      const migrate = runs.findIndex((run) => /\bwrangler d1 migrations apply DB --remote\b/.test(run))
      const deploy = runs.findIndex((run) => /\bwrangler deploy\b/.test(run))
      const build = runs.findIndex((run) => /npm run build\b/.test(run))
      expect(migrate, `${name}: migrations`).toBeGreaterThanOrEqual(0)
      expect(deploy, `${name}: deploy`).toBeGreaterThan(migrate)
      expect(build, `${name}: the web app is built before the deployment`).toBeGreaterThanOrEqual(0)
      expect(build).toBeLessThan(deploy)
      for (const run of [runs[migrate]!, runs[deploy]!]) {
        expect(run).toContain(`-c "${expr('matrix.config')}"`)
        expect(run).toContain(env)
        expect(run.match(/--env\b/g)).toHaveLength(1)
      }
      expect(runs.findIndex((run) => run.includes('/readyz'))).toBeGreaterThan(deploy)
    }
  })

  test('behavior: the Cloudflare API token comes from the secrets, never from the file', () => {
    for (const name of Object.keys(deployJobs))
      expect(job(name).env?.CLOUDFLARE_API_TOKEN).toBe(expr('secrets.CLOUDFLARE_API_TOKEN'))
    const text = readFileSync(path.join(here, 'pipeline.example.yml'), 'utf8')
    expect(text.match(/CLOUDFLARE_API_TOKEN: .*/g)?.every((line) => line.includes('secrets.'))).toBe(true)
  })
})
