import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { exportJWK, generateKeyPair } from 'jose'
import Provider from 'oidc-provider'

export interface LocalIdpOptions {
  /** Where it listens on 127.0.0.1 (e.g. from `freePort`). */
  port: number
  clientId: string
  clientSecret: string
  /** The one redirect URI registered for the client: `${PUBLIC_ORIGIN}/api/auth/oidc/callback`. */
  redirectUri: string
  /** Accounts by subject: the name and groups their ID tokens carry. */
  accounts: Record<string, { name: string; groups: string[] }>
  /** Who the next sign-in signs in as (changeable later through `LocalIdp.signInAs`). */
  signInAs: string
}

/** A running local identity provider. */
export interface LocalIdp {
  issuer: string
  /** The subject the provider signs in at the next authorization request. */
  signInAs: string
  stop(): Promise<void>
}

/**
 * A local OpenID provider (the npm `oidc-provider`) on 127.0.0.1, standing in for a company's
 * identity provider, which cannot run here: one confidential client, PKCE required, a `groups`
 * scope whose claim goes into the ID token. Its interaction (login and consent) is a tiny handler
 * that signs in `signInAs` at once, so a browser or a test follows plain redirects. Imported as
 * `@stratos/api/testing/localIdp`, apart from the other helpers, as it loads oidc-provider.
 */
export async function startLocalIdp(options: LocalIdpOptions): Promise<LocalIdp> {
  const issuer = `http://127.0.0.1:${options.port}`
  const idp: LocalIdp = { issuer, signInAs: options.signInAs, stop: async () => {} }
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'local-idp' }] },
    ttl: {
      Interaction: 600,
      Session: 600,
      Grant: 600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name'], groups: ['groups'] },
    // Claims of the granted scopes go into the ID token (the instance reads groups from it).
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => {
      const account = options.accounts[sub]
      if (!account) return undefined
      return { accountId: sub, claims: async () => ({ sub, name: account.name, groups: account.groups }) }
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['local-idp-cookie-key-0123456789abcdef'] },
  })
  const callback = provider.callback()
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res)
    void (async () => {
      const details = await provider.interactionDetails(req, res)
      const accountId = idp.signInAs
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) })
      grant.addOIDCScope(String(details.params.scope))
      const grantId = await grant.save()
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      )
    })().catch((error: unknown) => {
      res.statusCode = 500
      res.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve))
  idp.stop = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return idp
}
