import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { freePort } from '@stratos/db'
import { runCli, type ServeProcess, startServe } from '../apps/cli/src/testing/serveProcess.js'
import { watchCspViolations } from './cspViolations.js'
import { addVirtualAuthenticator } from './passkeys.js'

/**
 * The production shape in a browser: the compiled `stratos serve` (no tsx, no dev routes) on
 * SQLite, secrets in files, migrated with `stratos migrate` first.
 */
const CHAINS = ['evm', 'solana', 'bitcoin', 'tron', 'ton', 'canton'] as const
let server: ServeProcess
let dir: string

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stratos-e2e-serve-'))
  const secret = (name: string) => {
    const path = join(dir, name)
    writeFileSync(path, `${crypto.randomUUID()}${crypto.randomUUID()}\n`, { mode: 0o600 })
    return path
  }
  const port = await freePort()
  const env = {
    DATA_DIR: join(dir, 'data'),
    PUBLIC_ORIGIN: `http://localhost:${port}`,
    PORT: String(port),
    SESSION_SECRET_FILE: secret('session-secret'),
    INSTANCE_KEY_FILE: secret('instance-key'),
  }
  const migrate = await runCli(['migrate'], env)
  expect(migrate.code, migrate.stderr).toBe(0)
  server = await startServe(env)
})
test.afterAll(async () => {
  expect(await server?.stop()).toBe(0)
  rmSync(dir, { recursive: true, force: true })
})

test('stratos serve: create account shows the six addresses; signing in again gives the same', async ({
  browser,
}) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const cspViolations = watchCspViolations(page)
  await addVirtualAuthenticator(page)
  const origin = new URL(server.output().match(/serving (\S+)/)![1]!).origin
  await page.goto(origin)
  await page.getByLabel(/name/i).fill('Operator Test')
  await page.getByRole('button', { name: 'Create account' }).click()
  const read = async () =>
    Object.fromEntries(
      await Promise.all(
        CHAINS.map(async (chain) => {
          const el = page.getByTestId(`address-${chain}`)
          await expect(el).not.toBeEmpty()
          return [chain, (await el.textContent())!.trim()]
        }),
      ),
    )
  const first = await read()
  expect(first.evm).toMatch(/^0x[0-9a-fA-F]{40}$/)
  expect(new Set(Object.values(first)).size).toBe(6)
  // No dev helper in production: the faucet buttons of dev mode are not offered.
  await expect(page.getByRole('button', { name: /Get test/ })).toHaveCount(0)

  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await page.getByRole('button', { name: 'Sign in' }).click()
  expect(await read()).toEqual(first)
  await context.close()
  // The production build ran under the production headers without the policy blocking anything.
  expect(cspViolations, 'Content-Security-Policy violations').toEqual([])
})
