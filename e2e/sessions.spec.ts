import { expect, test } from '@playwright/test'
import { addVirtualAuthenticator } from './passkeys.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack()
})
test.afterAll(async () => {
  await stack?.stop()
})

test('revoking a session from another browser signs that browser out at its next request', async ({
  browser,
}) => {
  // The first browser creates the account.
  const laptop = await browser.newContext()
  const first = await laptop.newPage()
  const firstAuthenticator = await addVirtualAuthenticator(first)
  await first.goto(stack.url)
  await first.getByLabel(/name/i).fill('Sam')
  await first.getByRole('button', { name: 'Create account' }).click()
  await expect(first.getByTestId('address-evm')).not.toBeEmpty()

  // A second browser holds the same passkey (a synced passkey): copied into its own authenticator.
  const phone = await browser.newContext()
  const second = await phone.newPage()
  const secondAuthenticator = await addVirtualAuthenticator(second)
  const { credentials } = await firstAuthenticator.cdp.send('WebAuthn.getCredentials', {
    authenticatorId: firstAuthenticator.authenticatorId,
  })
  expect(credentials).toHaveLength(1)
  await secondAuthenticator.cdp.send('WebAuthn.addCredential', {
    authenticatorId: secondAuthenticator.authenticatorId,
    credential: credentials[0]!,
  })
  await second.goto(stack.url)
  // DevTools copies the key but not the PRF secret, so the copy cannot unlock the wallet and the
  // app's sign-in would stop at "can't unlock": this browser signs in with the API ceremony itself
  // and shows the wallet locked. Sessions do not depend on the wallet being unlocked.
  expect(await second.evaluate(signInWithoutPrf)).toBe(200)
  await second.goto(`${stack.url}/dashboard`)
  const secondSessions = second.getByRole('list', { name: 'Your sessions' }).getByRole('listitem')
  await expect(secondSessions).toHaveCount(2)
  expect((await second.request.get(`${stack.url}/api/me`)).status()).toBe(200)

  // The first browser sees both sessions, marks its own, and revokes the other.
  await first.reload()
  const sessions = first.getByRole('list', { name: 'Your sessions' }).getByRole('listitem')
  await expect(sessions).toHaveCount(2)
  const own = sessions.filter({ hasText: 'This device' })
  await expect(own).toHaveCount(1)
  await expect(own.getByRole('button', { name: /Revoke/ })).toHaveCount(0)
  await expect(own).toContainText(/IP (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/)
  await expect(own).toContainText('Chrome')
  const other = sessions.filter({ hasNotText: 'This device' })
  await expect(other).toContainText(/Signed in .*Last seen/)
  await other.getByRole('button', { name: /Revoke/ }).click()
  await expect(first.getByRole('status').filter({ hasText: /Signed out Chrome/ })).toBeVisible()
  await expect(sessions).toHaveCount(1)
  await expect(first.getByRole('button', { name: 'Sign out all other sessions' })).toHaveCount(0)

  // The second browser's next API call is refused, and the app returns to the sign-in screen.
  const refused = await second.request.get(`${stack.url}/api/me/sessions`)
  expect(refused.status()).toBe(401)
  expect((await refused.json()).code).toBe('UNAUTHENTICATED')
  await second.reload()
  await expect(second.getByRole('button', { name: 'Sign in' })).toBeVisible()
  // The first stays signed in.
  expect((await first.request.get(`${stack.url}/api/me`)).status()).toBe(200)

  await phone.close()
  await laptop.close()
})

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
