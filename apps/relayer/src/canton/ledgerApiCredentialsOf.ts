import type { LedgerApiOAuth2Credentials } from '@stratos/canton'
import type { CantonAuthConfig } from '../config.js'

/**
 * The OAuth2 client credentials `createCantonGateway` gets its tokens with, from the relayer's
 * `CANTON_OAUTH_*` configuration. The client secret is revealed here, where it is used.
 */
export function ledgerApiCredentialsOf(
  auth: Extract<CantonAuthConfig, { kind: 'oauth2' }>,
): LedgerApiOAuth2Credentials {
  return { ...auth, clientSecret: auth.clientSecret.reveal() }
}
