import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { freePort } from '@stratos/db'
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
  /**
   * Machine clients of the client-credentials grant (a service such as a Ledger API client): each
   * gets JWT access tokens whose `sub` is its client id, whose `aud` is the `audience` (or RFC 8707
   * `resource`) it asks for, and whose scope is what it asks for out of `accessTokens.scope`.
   */
  machineClients?: {
    clientId: string
    clientSecret: string
    /** How it authenticates at the token endpoint (default `client_secret_basic`). */
    authMethod?: 'client_secret_basic' | 'client_secret_post'
  }[]
  /** The access tokens of machine clients: scopes on offer, lifetime (see `LocalIdp.accessTokenTtl`), signature. */
  accessTokens?: { scope: string; ttlSeconds: number; alg: 'RS256' | 'ES256' }
}

/** A running local identity provider. */
export interface LocalIdp {
  issuer: string
  /** The subject the provider signs in at the next authorization request. */
  signInAs: string
  /** The token endpoint (client credentials). */
  tokenEndpoint: string
  /** The provider's public keys (what a Ledger API participant's `jwt-jwks` auth service reads). */
  jwksUri: string
  /** Lifetime in seconds of the next machine access tokens (from `accessTokens.ttlSeconds`). */
  accessTokenTtl: number
  /** Machine access tokens issued so far (each client-credentials grant that succeeded). */
  readonly accessTokensIssued: number
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
  let issued = 0
  const idp: LocalIdp = {
    issuer,
    signInAs: options.signInAs,
    tokenEndpoint: `${issuer}/token`,
    jwksUri: `${issuer}/jwks`,
    accessTokenTtl: options.accessTokens?.ttlSeconds ?? 600,
    get accessTokensIssued() {
      return issued
    },
    stop: async () => {},
  }
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const ec = await generateKeyPair('ES256', { extractable: true })
  const machineClients = options.machineClients ?? []
  const provider = new Provider(issuer, {
    jwks: {
      keys: [
        { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'local-idp' },
        { ...(await exportJWK(ec.privateKey)), alg: 'ES256', use: 'sig', kid: 'local-idp-ec' },
      ],
    },
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
      ...machineClients.map((client) => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [],
        grant_types: ['client_credentials'],
        response_types: [],
        token_endpoint_auth_method: client.authMethod ?? 'client_secret_basic',
        scope: options.accessTokens?.scope ?? '',
      })),
    ],
    scopes: ['openid', 'offline_access', ...(options.accessTokens?.scope.split(' ').filter(Boolean) ?? [])],
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
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: machineClients.length > 0 },
      resourceIndicators: {
        enabled: machineClients.length > 0,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) => ({
          scope: options.accessTokens?.scope ?? '',
          audience: resourceIndicator,
          accessTokenTTL: idp.accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: options.accessTokens?.alg ?? 'ES256' } },
        }),
      },
    },
    cookies: { keys: ['local-idp-cookie-key-0123456789abcdef'] },
  })
  provider.on('grant.success', (ctx) => {
    if (ctx.oidc.params?.grant_type === 'client_credentials') issued += 1
  })
  const callback = provider.callback()
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && req.url === '/token' && machineClients.length > 0) {
      // Auth0 names the audience of a client-credentials token `audience`; oidc-provider reads the
      // RFC 8707 `resource`. The body is read here and handed on parsed (oidc-provider takes req.body).
      void (async () => {
        const chunks: Buffer[] = []
        for await (const chunk of req) chunks.push(chunk as Buffer)
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
        const audience = form.get('audience')
        if (audience && !form.has('resource')) form.set('resource', audience)
        form.delete('audience')
        ;(req as IncomingMessage & { body?: unknown }).body = Object.fromEntries(form)
        callback(req, res)
      })()
      return
    }
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

/**
 * A local identity provider that serves only machine clients (client credentials), as a Ledger API
 * participant's `jwt-jwks` auth service trusts one: its browser client and accounts go unused.
 */
export async function startMachineTokenIdp(
  machineClients: NonNullable<LocalIdpOptions['machineClients']>,
  accessTokens: NonNullable<LocalIdpOptions['accessTokens']>,
): Promise<LocalIdp> {
  return startLocalIdp({
    port: await freePort(),
    clientId: 'unused-browser-client',
    clientSecret: 'unused-browser-client-secret',
    redirectUri: 'http://127.0.0.1/unused',
    accounts: {},
    signInAs: 'nobody',
    machineClients,
    accessTokens,
  })
}
