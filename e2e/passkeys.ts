import type { CDPSession, Page } from '@playwright/test'

export interface VirtualAuthenticator {
  cdp: CDPSession
  authenticatorId: string
  /** Resident credentials the authenticator holds (public view: ids and sign counts). */
  credentials(): Promise<Array<{ credentialId: string; signCount: number }>>
  remove(): Promise<void>
}

/**
 * Attaches a CTAP2 authenticator to the page through the DevTools WebAuthn domain: a platform
 * authenticator (`transport: 'internal'`, the default) or a security key (`'usb'`). Chrome allows
 * one internal authenticator per page, so a second device is a security key. With `hasPrf: true` it
 * answers the PRF extension (the same 32 bytes per credential and salt), like a current platform
 * passkey or a key with hmac-secret; with `false` it behaves like a passkey without PRF.
 */
export async function addVirtualAuthenticator(
  page: Page,
  { hasPrf = true, transport = 'internal' }: { hasPrf?: boolean; transport?: 'internal' | 'usb' } = {},
): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable', { enableUI: false })
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport,
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      // `hasPrf` is newer than Playwright's bundled protocol types.
      ...({ hasPrf } as object),
    },
  })
  return {
    cdp,
    authenticatorId,
    async credentials() {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
      return credentials.map((c) => ({ credentialId: c.credentialId, signCount: c.signCount }))
    },
    async remove() {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId })
    },
  }
}
