import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'

const script = join(import.meta.dirname, 'bundleBudget.ts')
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A dist/ with the chunks the app's routes name; `entryBytes` of incompressible entry JS. */
function fakeDist(entryBytes: number): string {
  const dist = mkdtempSync(join(tmpdir(), 'stratos-budget-'))
  dirs.push(dist)
  mkdirSync(join(dist, '.vite'))
  mkdirSync(join(dist, 'assets'))
  const entry = new Uint8Array(entryBytes)
  for (let i = 0; i < entryBytes; i += 65_536) crypto.getRandomValues(entry.subarray(i, i + 65_536))
  writeFileSync(join(dist, 'assets/index.js'), entry)
  writeFileSync(join(dist, 'assets/page.js'), 'export const page = 1\n')
  const page = { file: 'assets/page.js', isDynamicEntry: true, imports: ['index.html'] }
  const manifest = {
    'index.html': { file: 'assets/index.js', isEntry: true },
    'src/features/dashboard/index.ts': page,
    'src/features/auth/signInWithPasskey.ts': page,
    'src/features/auth/createAccount.ts': page,
    'src/features/canton/onboardCanton.ts': page,
    'src/features/defi/VaultPanel.tsx': page,
    'src/features/dock/DockPage.tsx': page,
    'src/features/admin/index.ts': page,
  }
  writeFileSync(join(dist, '.vite/manifest.json'), JSON.stringify(manifest))
  return dist
}

function run(dist: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, dist], { encoding: 'utf8' })
}

describe('bundleBudget (the build step)', () => {
  test('behavior: under every budget it prints the table and exits 0', () => {
    const { status, stdout, stderr } = run(fakeDist(100_000))
    expect(stderr).toBe('')
    expect(stdout).toMatch(/^sign-in \(\/\)\s+150\.0 kB\s+10\d\.\d kB\s+1\s+ok$/m)
    expect(status).toBe(0)
  })

  test('error: over the sign-in budget it exits 1 naming the route and both sizes', () => {
    const { status, stdout, stderr } = run(fakeDist(160_000))
    expect(stdout).toMatch(/^sign-in \(\/\)\s+150\.0 kB\s+16\d\.\d kB\s+1\s+OVER$/m)
    expect(stderr).toMatch(
      /sign-in \(\/\): 16\d\.\d kB of JavaScript \(gzip\) is over its budget of 150\.0 kB/,
    )
    expect(status).toBe(1)
  })

  test('error: without a build it says to run vite build first', () => {
    const dist = mkdtempSync(join(tmpdir(), 'stratos-budget-'))
    dirs.push(dist)
    const { status, stderr } = run(dist)
    expect(stderr).toContain('run vite build (with build.manifest: true) first')
    expect(status).not.toBe(0)
  })
})
