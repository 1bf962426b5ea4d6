import { type Browser, type BrowserContextOptions, expect, type Page } from '@playwright/test'
import { addVirtualAuthenticator, type VirtualAuthenticator } from './passkeys.js'

/** The passkey device each page made by `signUp` holds, for a second browser of the same person. */
const devices = new WeakMap<Page, VirtualAuthenticator>()

/**
 * A person with a browser of their own (cookies, a platform passkey with PRF), signed up at `url`
 * (the app, an invite link or the admin enrollment link) and showing their wallet.
 */
export async function signUp(
  browser: Browser,
  url: string,
  name: string,
  contextOptions: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext(contextOptions)
  const page = await context.newPage()
  devices.set(page, await addVirtualAuthenticator(page))
  await page.goto(url)
  await page.getByLabel(/name/i).fill(name)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByTestId('address-evm')).not.toBeEmpty()
  return page
}

/**
 * The same person in a second browser (a synced passkey: the credential of `signedUp`'s device
 * copied into the new browser's authenticator), signed in at `url` and showing the dashboard.
 *
 * DevTools copies the key but not the PRF secret, so the copy cannot unlock the wallet and the
 * app's sign-in would stop at "can't unlock": this browser signs in with the API ceremony itself
 * and shows the wallet locked. Sessions do not depend on the wallet being unlocked.
 */
export async function signInElsewhere(browser: Browser, url: string, signedUp: Page): Promise<Page> {
  const device = devices.get(signedUp)
  if (!device) throw new Error('signInElsewhere: that page was not made by signUp')
  const { credentials } = await device.cdp.send('WebAuthn.getCredentials', {
    authenticatorId: device.authenticatorId,
  })
  expect(credentials).toHaveLength(1)
  const context = await browser.newContext()
  const page = await context.newPage()
  const copy = await addVirtualAuthenticator(page)
  await copy.cdp.send('WebAuthn.addCredential', {
    authenticatorId: copy.authenticatorId,
    credential: credentials[0]!,
  })
  await page.goto(url)
  expect(await page.evaluate(signInWithoutPrf)).toBe(200)
  await page.goto(new URL('/dashboard', url).href)
  return page
}

/**
 * Runs in the page: login options, `navigator.credentials.get()` with the discoverable passkey,
 * login verify. Resolves to the verify status (the session cookie is set on success).
 */
async function signInWithoutPrf(): Promise<number> {
  const bytes = (text: string) =>
    Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))
  const text = (buffer: ArrayBuffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  const post = (path: string, body: unknown) =>
    fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const { challengeId, options } = await (await post('/api/auth/login/options', {})).json()
  const credential = (await navigator.credentials.get({
    publicKey: {
      challenge: bytes(options.challenge),
      rpId: options.rpId,
      allowCredentials: [],
      userVerification: 'required',
    },
  })) as PublicKeyCredential
  const assertion = credential.response as AuthenticatorAssertionResponse
  const response = {
    id: credential.id,
    rawId: text(credential.rawId),
    type: credential.type,
    clientExtensionResults: {},
    response: {
      clientDataJSON: text(assertion.clientDataJSON),
      authenticatorData: text(assertion.authenticatorData),
      signature: text(assertion.signature),
      ...(assertion.userHandle ? { userHandle: text(assertion.userHandle) } : {}),
    },
  }
  return (await post('/api/auth/login/verify', { challengeId, response })).status
}

/** The chains whose account-0 address the dashboard shows. */
export const CHAINS = ['evm', 'solana', 'bitcoin', 'tron', 'ton', 'canton'] as const
export type Addresses = Record<(typeof CHAINS)[number], string>

/** The six addresses the dashboard shows, once each has appeared. */
export async function readAddresses(page: Page): Promise<Addresses> {
  const entries = await Promise.all(
    CHAINS.map(async (chain) => {
      const el = page.getByTestId(`address-${chain}`)
      await expect(el).not.toBeEmpty()
      return [chain, (await el.textContent())!.trim()] as const
    }),
  )
  return Object.fromEntries(entries) as Addresses
}
