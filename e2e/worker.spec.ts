import { expect, type Response, test } from '@playwright/test'
import { securityHeaders } from '@stratos/api'
import { startWranglerDev, type WranglerDev } from '../apps/cli/src/testing/wranglerDev.js'
import { watchCspViolations } from './cspViolations.js'
import { addVirtualAuthenticator } from './passkeys.js'
import { readAddresses } from './people.js'

/**
 * The product as a Cloudflare Worker: `wrangler dev --local` serves the built web app (static
 * assets) and the API from `apps/api/src/worker.ts` on a local D1 database, all in workerd on this
 * machine. The browser sees one origin, as on Cloudflare.
 */

let worker: WranglerDev
test.beforeAll(async () => {
  // wrangler bundles the Worker and migrates D1 before it answers: slower to start than Node.
  test.setTimeout(180_000)
  worker = await startWranglerDev()
})
test.afterAll(async () => {
  await worker?.stop()
})

/** The response headers the Node server sends on everything (`http/securityHeaders.ts`), lower-cased. */
function expectedHeaders(origin: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(securityHeaders(origin)).map(([name, value]) => [name.toLowerCase(), value]),
  )
}

test('create account shows six addresses, and signing in again gives the same six, served by the Worker', async ({
  browser,
}) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const cspViolations = watchCspViolations(page)
  const authenticator = await addVirtualAuthenticator(page)
  const responses: Response[] = []
  page.on('response', (response) => responses.push(response))

  await page.goto(worker.url)
  await page.getByLabel(/name/i).fill('Walter')
  await page.getByRole('button', { name: 'Create account' }).click()
  const first = await readAddresses(page)
  expect(first.evm).toMatch(/^0x[0-9a-fA-F]{40}$/)
  expect(first.bitcoin).toMatch(/^bc1q/)
  expect(first.tron).toMatch(/^T/)
  expect(first.canton).toMatch(/1220[0-9a-f]{64}/)
  expect(new Set(Object.values(first)).size).toBe(6)

  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await expect(page.getByTestId('address-evm')).toHaveCount(0)
  await page.getByRole('button', { name: 'Sign in' }).click()
  expect(await readAddresses(page)).toEqual(first)

  // The passkey was used for create, the PRF confirmation, and the sign-in.
  const [credential] = await authenticator.credentials()
  expect(credential?.signCount).toBeGreaterThanOrEqual(2)

  // The account lives in the Worker's D1 database.
  const stored = await worker.query(
    "select a.address from addresses a join users u on u.id = a.user_id where u.display_name = 'Walter'",
  )
  const storedAddresses = stored.map((row) => row.address)
  for (const chain of ['evm', 'solana', 'bitcoin', 'tron', 'ton'] as const)
    expect(storedAddresses, chain).toContain(first[chain])

  // The Worker answers assets and API alike with the Node server's security headers.
  const path = (response: Response) => new URL(response.url()).pathname
  const fromWorker = responses.filter((response) => response.url().startsWith(worker.url))
  const asset = fromWorker.find((response) => /^\/assets\/.+\.js$/.test(path(response)))
  const api = fromWorker.find((response) => path(response).startsWith('/api/'))
  const document = fromWorker.find((response) => path(response) === '/')
  expect(asset, 'a script of the web app').toBeDefined()
  expect(api, 'an API answer').toBeDefined()
  expect(document, 'the page').toBeDefined()
  for (const response of [document!, asset!, api!]) {
    const headers = await response.allHeaders()
    expect(headers, path(response)).toMatchObject(expectedHeaders(worker.url))
    // Plain http on loopback: no HSTS, as on Node.
    expect(headers['strict-transport-security'], path(response)).toBeUndefined()
  }
  expect((await asset!.allHeaders())['cache-control']).toBe('public, max-age=31536000, immutable')

  await context.close()
  expect(cspViolations, 'Content-Security-Policy violations').toEqual([])
})

// A path that names no file gets index.html at that path, as on Node: an enrollment link
// (/enroll#invite=…) or a reload on /dashboard keeps its route.
test('a client-side route opened directly is served at its own path, as on Node', async ({ page }) => {
  const response = await page.goto(`${worker.url}/enroll`)
  expect(response?.request().redirectedFrom()?.url()).toBeUndefined()
  expect(new URL(page.url()).pathname).toBe('/enroll')
})
