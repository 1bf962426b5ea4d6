import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import * as oidc from 'openid-client'
import { operatorActorId, requestActor, writeAuditEntry } from '../../audit/auditLog.js'
import { isInsecureLoopbackOrigin, type OidcConfig } from '../../config.js'
import type { AppDeps, AppEnv } from '../../context.js'
import { randomId } from '../../encoding.js'
import { ApiError } from '../../errors.js'
import { takeOperatorLogin, upsertOperator } from './queries.js'

/** Binds a sign-in to the browser that started it, between the start and the callback. */
const LOGIN_COOKIE = 'sv_oidc'
const LOGIN_COOKIE_PATH = '/api/auth/oidc'
/** How long the operator has at the identity provider to sign in. */
const LOGIN_TTL_SECONDS = 600
/** How long the identity provider may take to answer discovery or the token request. */
const PROVIDER_TIMEOUT_SECONDS = 10

export const CALLBACK_PATH = '/api/auth/oidc/callback'

/**
 * Operator sign-in through the instance's identity provider: OpenID Connect authorization code
 * flow with PKCE (RFC 7636, S256), `state` and `nonce`, by `openid-client`. The provider is
 * discovered on first use and remembered, so a provider that is down never stops the wallet.
 */
export function createOperatorSignIn(deps: AppDeps) {
  const { db, config, clock } = deps
  const secure = !isInsecureLoopbackOrigin(config.origin)
  const redirectUri = `${config.origin}${CALLBACK_PATH}`
  let discovered: Promise<oidc.Configuration> | undefined

  function settings(): OidcConfig {
    if (!config.oidc)
      throw new ApiError(
        404,
        'OIDC_NOT_CONFIGURED',
        'Operator sign-in is off on this instance: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_ADMIN_GROUP',
      )
    return config.oidc
  }

  /** The provider's metadata and our client, discovered once; a failed discovery is retried next time. */
  function provider(settings: OidcConfig): Promise<oidc.Configuration> {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret ?? undefined,
        settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
        {
          timeout: PROVIDER_TIMEOUT_SECONDS,
          // OIDC_ISSUER is https unless it is a loopback provider (tests): config.ts checks.
          ...(new URL(settings.issuer).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
        },
      )
      .then((configuration) => {
        // Verify the ID token's signature against the provider's JWKS as well as its claims.
        oidc.enableNonRepudiationChecks(configuration)
        return configuration
      })
      .catch((error: unknown) => {
        discovered = undefined
        throw new ApiError(
          502,
          'OIDC_PROVIDER_UNAVAILABLE',
          `The identity provider ${settings.issuer} could not be discovered: ${describe(error)}`,
        )
      })
    return discovered
  }

  return {
    /** Records a pending sign-in, binds it to this browser, and returns the provider's URL. */
    async start(c: Context<AppEnv>): Promise<string> {
      const oidcSettings = settings()
      const client = await provider(oidcSettings)
      const now = clock()
      const codeVerifier = oidc.randomPKCECodeVerifier()
      const login = {
        id: randomId(16),
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        code_verifier: codeVerifier,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + LOGIN_TTL_SECONDS * 1000).toISOString(),
      }
      // Sign-ins never finished are swept here, so the table holds only live ones.
      await db.deleteFrom('operator_logins').where('expires_at', '<=', login.created_at).execute()
      await db.insertInto('operator_logins').values(login).execute()
      setCookie(c, LOGIN_COOKIE, login.id, {
        httpOnly: true,
        // Lax, not Strict: the callback is a top-level navigation coming from the provider's site.
        sameSite: 'Lax',
        path: LOGIN_COOKIE_PATH,
        secure,
        maxAge: LOGIN_TTL_SECONDS,
      })
      const url = oidc.buildAuthorizationUrl(client, {
        redirect_uri: redirectUri,
        scope: oidcSettings.scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state: login.state,
        nonce: login.nonce,
      })
      return url.href
    },

    /**
     * Finishes a sign-in: the pending one of this browser (single use), the code exchanged with
     * PKCE, the ID token checked (issuer, audience, expiry, nonce, signature) by openid-client,
     * then the group claim. A member of the admin group gets an operator session; returns where
     * the browser goes next (the admin console).
     */
    async callback(c: Context<AppEnv>): Promise<string> {
      const oidcSettings = settings()
      const loginId = getCookie(c, LOGIN_COOKIE)
      deleteCookie(c, LOGIN_COOKIE, { path: LOGIN_COOKIE_PATH, secure, httpOnly: true, sameSite: 'Lax' })
      const login = loginId ? await takeOperatorLogin(db, loginId) : null
      if (!login)
        throw new ApiError(
          400,
          'OIDC_LOGIN_UNKNOWN',
          'No operator sign-in is pending in this browser (never started, or already used): start again at /api/auth/oidc/start',
        )
      if (login.expires_at <= clock().toISOString())
        throw new ApiError(
          400,
          'OIDC_LOGIN_EXPIRED',
          `The operator sign-in took longer than ${LOGIN_TTL_SECONDS} seconds: start again at /api/auth/oidc/start`,
        )
      const client = await provider(oidcSettings)
      // The URL the provider redirected to, on our public origin (a proxy may have changed the
      // request's own), with the query exactly as it came.
      const currentUrl = new URL(`${redirectUri}${new URL(c.req.url).search}`)
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>
      try {
        tokens = await oidc.authorizationCodeGrant(client, currentUrl, {
          pkceCodeVerifier: login.code_verifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        })
      } catch (error) {
        throw refusal(error)
      }
      const claims = tokens.claims()
      if (!claims) throw new ApiError(502, 'OIDC_NO_ID_TOKEN', 'The identity provider sent no ID token')
      if (!groupsOf(claims[oidcSettings.groupsClaim]).includes(oidcSettings.adminGroup))
        throw new ApiError(
          403,
          'OIDC_NOT_OPERATOR',
          `Your identity provider account is not in the group '${oidcSettings.adminGroup}' (claim '${oidcSettings.groupsClaim}'): ask for it to be added to reach the admin console`,
        )
      const at = clock().toISOString()
      const operator = await upsertOperator(
        db,
        { issuer: claims.iss, subject: claims.sub, displayName: displayNameOf(claims) },
        at,
      )
      const session = await deps.operatorSessions.create(operator.id, c.req.header('user-agent') ?? null)
      await deps.operatorSessions.setCookie(c, session, operator.id)
      const actor = operatorActorId(operator.id)
      c.set('logUserId', actor)
      await writeAuditEntry(db, {
        actor: requestActor(c, actor),
        action: 'operator.sign_in',
        target: claims.sub,
        details: { issuer: claims.iss, displayName: operator.display_name },
        at: clock(),
      })
      return `${config.origin}/admin`
    },
  }
}

/** A groups claim as a list: providers send an array of strings, a few a single string. */
function groupsOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim]
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === 'string')
  return []
}

function displayNameOf(claims: oidc.IDToken): string {
  for (const candidate of [claims.name, claims.preferred_username, claims.email, claims.sub]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim().slice(0, 200)
  }
  return claims.sub
}

/** openid-client codes for a provider that failed to answer, rather than an answer that failed a check. */
const UNREACHABLE = new Set([
  'OAUTH_TIMEOUT',
  'OAUTH_ABORT',
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_RESPONSE_IS_NOT_JSON',
])

/** What the callback answers when the provider's response or the code exchange is refused. */
function refusal(error: unknown): ApiError {
  if (error instanceof oidc.AuthorizationResponseError)
    return new ApiError(
      403,
      'OIDC_DENIED',
      `The identity provider refused the sign-in: ${error.error}${error.error_description ? ` (${error.error_description.slice(0, 200)})` : ''}`,
    )
  if (error instanceof oidc.ResponseBodyError)
    return new ApiError(400, 'OIDC_CODE_REJECTED', `The identity provider refused the code: ${error.error}`)
  if (error instanceof oidc.ClientError && error.code !== undefined && !UNREACHABLE.has(error.code)) {
    // OAuth 2.0 §10.12: the state ties the answer to the request this browser made.
    if (error.cause instanceof Error && /"state"/.test(error.cause.message))
      return new ApiError(
        400,
        'OIDC_STATE_MISMATCH',
        'The state sent back by the identity provider is not the one of this sign-in: start again at /api/auth/oidc/start',
      )
    const detail = error.cause instanceof Error ? error.cause.message : error.message
    return new ApiError(
      400,
      'OIDC_RESPONSE_INVALID',
      `The identity provider's response did not verify: ${detail.slice(0, 200)}`,
    )
  }
  return new ApiError(
    502,
    'OIDC_PROVIDER_UNAVAILABLE',
    `The identity provider could not be reached: ${describe(error)}`,
  )
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200)
}
