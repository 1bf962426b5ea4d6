import { expect, test } from '@playwright/test'
import { type LocalIdp, startLocalIdp } from '@stratos/api/testing/localIdp'
import { freePort } from '@stratos/db'
import { type Stack, startStack } from './stack.js'

const ADMIN_GROUP = 'vault-operators'
const CLIENT_ID = 'stratos-vault'
const CLIENT_SECRET = 'local-test-client-secret-0123456789'

let stack: Stack
let idp: LocalIdp
test.beforeAll(async () => {
  // The provider's address is fixed first (the instance learns it at start and discovers it at the
  // first sign-in); the provider starts once the instance's origin, its redirect URI, is known.
  const idpPort = await freePort()
  stack = await startStack({
    OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_ADMIN_GROUP: ADMIN_GROUP,
    OIDC_SCOPES: 'openid profile groups',
  })
  idp = await startLocalIdp({
    port: idpPort,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `${stack.url}/api/auth/oidc/callback`,
    accounts: { olga: { name: 'Olga Operator', groups: ['staff', ADMIN_GROUP] } },
    signInAs: 'olga',
  })
})
test.afterAll(async () => {
  await idp?.stop()
  await stack?.stop()
})

test('an operator signs in through the identity provider (local oidc-provider) to the admin console only', async ({
  browser,
}) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(stack.url)
  await page.getByRole('link', { name: 'Operator sign-in' }).click()

  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByRole('heading', { name: 'Admin console' })).toBeVisible()
  const account = page.getByRole('navigation', { name: 'Account' })
  await expect(account).toContainText('Olga Operator')
  await expect(account).toContainText(/operator/i)
  await expect(account.getByRole('link', { name: 'Wallet' })).toHaveCount(0)
  await expect(page.getByText('operator.sign_in').first()).toBeVisible()

  // No wallet for an operator: the API refuses it, and the app stays on the console.
  const me = await page.request.get(`${stack.url}/api/me`)
  expect(me.status()).toBe(403)
  expect((await me.json()).code).toBe('OPERATOR_SESSION')
  await page.goto(`${stack.url}/dashboard`)
  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByTestId('address-evm')).toHaveCount(0)

  await account.getByRole('button', { name: 'Sign out', exact: true }).click()
  await expect(page.getByRole('link', { name: 'Operator sign-in' })).toBeVisible()
  expect((await page.request.get(`${stack.url}/api/operator/me`)).status()).toBe(401)
  await context.close()
})
