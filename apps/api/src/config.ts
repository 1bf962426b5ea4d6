import type { MetadataStatement } from '@simplewebauthn/server'
import type { Database } from '@stratos/db/portable'
import {
  brandNameProblem,
  colorProblem,
  primaryColorProblem,
  type RateLimitName,
  supportEmailProblem,
  supportUrlProblem,
} from '@stratos/schemas'
import type { Kysely } from 'kysely'
import { fromBase64Url, randomId } from './encoding.js'
import { type AddressRange, parseRange } from './http/clientAddress.js'
import { getOrCreateSessionSecret } from './instanceSettings.js'

/** Everything the API needs to know about its instance. Built by {@link loadConfig} or by hand in tests. */
export interface ApiConfig {
  /**
   * The brand's name as the settings give it (`INSTANCE_NAME`): shown in the app and to the passkey
   * manager as the relying party name, unless an admin renamed the instance (`branding/brand.ts`).
   */
  instanceName: string
  /** The rest of the brand as the settings give it (`BRAND_*`); an admin's edits win over it. */
  brand: BrandDefaults
  /** WebAuthn relying party id: the origin's host or a registrable suffix of it. */
  rpId: string
  /** The origin users open, e.g. `http://localhost:8787`; WebAuthn responses must come from it. */
  origin: string
  /**
   * Further origins serving this instance (custom domains) whose pages use the passkeys of `rpId`
   * through WebAuthn Related Origin Requests: listed in `/.well-known/webauthn` and accepted by the
   * ceremony and Origin checks. Empty for an instance on one origin.
   */
  relatedOrigins: string[]
  /** HS256 key for session JWTs: raw bytes, or a string of at least 32 characters. */
  sessionSecret: Uint8Array | string
  /**
   * The key secrets stored in the database (the admin-set Canton token or JWT secret, a persisted
   * session secret) are sealed under: at least 32 characters. See `secretsAtRest.ts`.
   */
  instanceKey: string
  sessionTtlSeconds: number
  /**
   * The longest an admin's session lives (at most `sessionTtlSeconds`): counted from sign-in, also
   * for a user promoted during the session.
   */
  adminSessionTtlSeconds: number
  /** An admin's session ends after this long without a request (measured to within a minute). */
  adminIdleTimeoutSeconds: number
  /**
   * FIDO metadata statements of the hardware security keys admins may hold when the admin key
   * policy is on (`ADMIN_KEY_METADATA_DIR`, read by `stratos serve`); empty: none qualifies.
   */
  adminKeyStatements: readonly MetadataStatement[]
  /** How long a WebAuthn challenge can be answered. */
  challengeTtlSeconds: number
  /**
   * Unexpired challenges one client address may hold: past it, asking for ceremony options is
   * 429 TOO_MANY_CHALLENGES until the oldest expires (so one client cannot fill the table).
   */
  maxChallengesPerClient: number
  /** Inactivity after which the browser drops keys from memory (told to the browser). */
  autoLockSeconds: number
  /** Proxies whose X-Forwarded-For/-Proto are believed (TRUSTED_PROXIES); empty: none. */
  trustedProxies: AddressRange[]
  /** Requests allowed per client address and per account on the limited routes (`rateLimit` in the contract). */
  rateLimits: RateLimits
  /** Enables the test-ETH faucet. Never on an instance with real value. */
  devMode: boolean
  evm: { chainId: number; name: string; symbol: string; rpcUrl: string }
  /** The Canton participant, or null when the instance has none (Canton routes answer 503). */
  canton: CantonConfig | null
  /** Canton DeFi (vault intents executed by the relayer cluster); see {@link DefiConfig}. */
  defi: DefiConfig
  /** Operator sign-in through the company's identity provider, or null when it is off. */
  oidc: OidcConfig | null
}

/** The brand's colours and support contact from the settings (the name is `instanceName`). */
export interface BrandDefaults {
  /** `#rrggbb`, lower case; white text on it has a contrast of at least 4.5:1. */
  primaryColor: string
  /** `#rrggbb`, lower case: the keyboard focus ring. */
  accentColor: string
  supportEmail: string | null
  /** An https URL. */
  supportUrl: string | null
}

/** The brand of an instance whose settings name none. */
export const DEFAULT_BRAND: BrandDefaults & { name: string } = {
  name: 'Stratos Vault',
  primaryColor: '#4f46e5',
  accentColor: '#818cf8',
  supportEmail: null,
  supportUrl: null,
}

/**
 * Operator sign-in (OpenID Connect authorization code with PKCE): members of `adminGroup` reach
 * the admin console, never a wallet. The provider is discovered on first use, not at start.
 */
export interface OidcConfig {
  /** The identity provider's issuer URL (https; plain http only on loopback, for tests). */
  issuer: string
  clientId: string
  /** The client secret (client_secret_basic); null for a public client (PKCE only). */
  clientSecret: string | null
  /** The group whose members become operators. */
  adminGroup: string
  /** The ID token claim listing the user's groups. */
  groupsClaim: string
  /** Scopes asked for; always includes `openid`. */
  scopes: string[]
}

/** At most `limit` requests in any `windowSeconds` (approximately: see `http/rateLimit.ts`). */
export interface Rate {
  limit: number
  windowSeconds: number
}

/** Each limit per client address and per account (the signed-in user; for sign-in, the passkey tried); null: off. */
export type RateLimits = Record<RateLimitName, { ip: Rate | null; account: Rate | null }>

/** The limits of an instance that sets none: generous for people, tight for scripts. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  auth: { ip: { limit: 30, windowSeconds: 60 }, account: { limit: 10, windowSeconds: 60 } },
  passkeys: { ip: { limit: 30, windowSeconds: 60 }, account: { limit: 10, windowSeconds: 60 } },
  evmRpc: { ip: { limit: 300, windowSeconds: 60 }, account: { limit: 120, windowSeconds: 60 } },
  // A dashboard reads every network's balances and tokens at once: more than one chain's RPC.
  chains: { ip: { limit: 1200, windowSeconds: 60 }, account: { limit: 600, windowSeconds: 60 } },
  canton: { ip: { limit: 60, windowSeconds: 60 }, account: { limit: 30, windowSeconds: 60 } },
}

/** The environment variable of each limit: `RATE_LIMIT_<NAME>_IP`, `RATE_LIMIT_<NAME>_ACCOUNT`. */
const RATE_LIMIT_VARIABLES: Record<RateLimitName, string> = {
  auth: 'RATE_LIMIT_AUTH',
  passkeys: 'RATE_LIMIT_PASSKEYS',
  evmRpc: 'RATE_LIMIT_EVM_RPC',
  chains: 'RATE_LIMIT_CHAINS',
  canton: 'RATE_LIMIT_CANTON',
}

/** Canton DeFi: which party relays the users' intents. Without an operator party DeFi is off. */
export interface DefiConfig {
  /** The relayer operator's party: the observer of every DeFiIntent the API prepares. */
  operatorParty: string | null
  /** Dev mode: the dev relayer's EVM address, registered as the intent signer of dev vaults. */
  devRelayerAddress: `0x${string}` | null
  /**
   * The regulator's party: named in every DeFiIntent the API prepares, so it observes the intent
   * and its outcome (and nothing else of the users). Null: intents name no regulator.
   */
  regulatorParty: string | null
}

/** How the API reaches its Canton participant (JSON Ledger API v2) and which token it serves. */
export interface CantonConfig {
  /** Base URL of the participant's JSON Ledger API. */
  url: string
  /** Synchronizer to onboard parties on and submit to; default the participant's first connected one. */
  synchronizerId: string | undefined
  /**
   * How the API gets its Ledger API tokens: a static bearer token; an HS256 secret to mint them for
   * `userId` (a participant accepts these only with Canton's `unsafe-jwt-hmac-256` auth service); or
   * OAuth2 client credentials at the identity provider the participant trusts (its JWKS).
   */
  auth:
    | { kind: 'token'; token: string }
    | { kind: 'hs256'; secret: string; audience: string | undefined }
    | {
        kind: 'oauth2'
        /** The provider's token endpoint. */
        tokenUrl: string
        clientId: string
        clientSecret: string
        /** The `audience` asked for (Canton's `target-audience`, or its participant audience). */
        audience: string | undefined
        /** The scope asked for (e.g. `daml_ledger_api`, or Canton's `target-scope`). */
        scope: string | undefined
        /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
        clientAuth: 'client_secret_basic' | 'client_secret_post'
      }
  /** The API's Ledger API user (rights are granted to it as parties are onboarded), when known. */
  userId: string | undefined
  /**
   * Base URL of the token registry's off-ledger API (`<base>/registry/transfer-instruction/v1/…`):
   * the instrument admin's registry, a validator's scan-proxy (`…/api/validator/v0/scan-proxy`) or a
   * utility registry. Undefined only without an instrument: then nothing is sent or accepted.
   */
  registryUrl: string | undefined
  /** Sent as `Authorization: Bearer` to the registry (a validator's scan-proxy wants its user's token). */
  registryToken: string | undefined
  /** The token-standard instrument the wallet shows and sends, when configured. */
  instrument: { admin: string; id: string } | null
}

export type Env = Record<string, string | undefined>

/** The settings could not be used: `problems` names each bad or missing one. */
export class ConfigError extends Error {
  override name = 'ConfigError'
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? problems[0]!
        : `${problems.length} settings are wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
  }
}

/** Collects the message of every check that throws, so one start reports every problem at once. */
export class Problems {
  readonly list: string[] = []
  check<T>(read: () => T): T | undefined {
    try {
      return read()
    } catch (error) {
      if (error instanceof ConfigError) this.list.push(...error.problems)
      else this.list.push(error instanceof Error ? error.message : String(error))
      return undefined
    }
  }
  add(problem: string): void {
    this.list.push(problem)
  }
  /** Throws a {@link ConfigError} listing every problem, if there is any. */
  throwIfAny(): void {
    if (this.list.length > 0) throw new ConfigError(this.list)
  }
}

/** `hint::1220<64 hex>` (the hint may itself contain `::`-free segments joined by `:`). */
const PARTY_ID = /^[^:\s]+(?::[^:\s]+)*::[0-9a-f]{68}$/

/**
 * Reads the instance configuration from environment variables:
 *
 * | variable | default |
 * |---|---|
 * | `PUBLIC_ORIGIN` | `http://localhost:$PORT` (PORT default 8787) |
 * | `RP_ID` | host of PUBLIC_ORIGIN |
 * | `RELATED_ORIGINS` | none (comma-separated further origins using the same passkeys) |
 * | `INSTANCE_NAME` | `Stratos Vault` (1 to 64 characters, no control characters) |
 * | `BRAND_PRIMARY_COLOR` | `#4f46e5` (`#rrggbb`; white text on it needs a contrast of 4.5:1) |
 * | `BRAND_ACCENT_COLOR` | `#818cf8` (`#rrggbb`: the focus ring) |
 * | `BRAND_SUPPORT_EMAIL`, `BRAND_SUPPORT_URL` | none (an email address; an https URL) |
 * | `SESSION_SECRET` | persisted (sealed) in `instance_settings` when `db` is given, else random per process |
 * | `INSTANCE_KEY` | required: seals the secrets stored in the database (at least 32 characters) |
 * | `SESSION_TTL_SECONDS` | 3600 |
 * | `ADMIN_SESSION_TTL_SECONDS` | 1800 (an admin's session; never longer than SESSION_TTL_SECONDS) |
 * | `ADMIN_IDLE_TIMEOUT_SECONDS` | 600 (an admin's session ends after this long unused) |
 * | `CHALLENGE_TTL_SECONDS` | 120 |
 * | `MAX_CHALLENGES_PER_CLIENT` | 20 (unexpired WebAuthn challenges per client address) |
 * | `AUTO_LOCK_SECONDS` | 300 |
 * | `TRUSTED_PROXIES` | none (comma-separated IPs or CIDR ranges of the reverse proxies) |
 * | `RATE_LIMIT_{AUTH,PASSKEYS,EVM_RPC,CHAINS,CANTON}_{IP,ACCOUNT}` | {@link DEFAULT_RATE_LIMITS} (`<requests>/<seconds>`, or `off`) |
 * | `DEV_MODE` | off (`1`/`true` turns it on) |
 * | `EVM_RPC_URL` | `http://127.0.0.1:8545` |
 * | `EVM_CHAIN_ID` | 31337 |
 * | `EVM_CHAIN_NAME`, `EVM_SYMBOL` | `Anvil`, `ETH` (with `EVM_RPC_URL` and `EVM_CHAIN_ID`: the first network, when the instance has none) |
 * | `CANTON_URL` | none: Canton is not configured |
 * | `CANTON_SYNCHRONIZER_ID` | the participant's first connected synchronizer |
 * | `CANTON_TOKEN` | static bearer token (or OAuth2, or HS256 below) |
 * | `CANTON_OAUTH_TOKEN_URL`, `CANTON_OAUTH_CLIENT_ID`, `CANTON_OAUTH_CLIENT_SECRET` | OAuth2 client credentials at the participant's identity provider |
 * | `CANTON_OAUTH_AUDIENCE`, `CANTON_OAUTH_SCOPE` | none (the `audience` and `scope` the token is asked for) |
 * | `CANTON_OAUTH_CLIENT_AUTH` | `client_secret_basic` (or `client_secret_post`) |
 * | `CANTON_USER_ID` | required with OAuth2 or HS256: the Ledger API user (the tokens' `sub`) |
 * | `CANTON_JWT_SECRET` | mint HS256 tokens for CANTON_USER_ID (the participant's `unsafe-jwt-hmac-256`) |
 * | `CANTON_JWT_AUDIENCE` | none (set it when the participant checks `aud`) |
 * | `CANTON_REGISTRY_URL` | required with an instrument (a participant does not serve the registry API); without one: none, and sending or acting on a pending transfer answers 503 |
 * | `CANTON_REGISTRY_TOKEN` | none (sent as `Authorization: Bearer` to the registry; a validator's scan-proxy needs one) |
 * | `CANTON_INSTRUMENT_ADMIN`, `CANTON_INSTRUMENT_ID` | none: no instrument (holdings only) |
 * | `DEFI_OPERATOR_PARTY` | none: DeFi is off (the relayer operator's party) |
 * | `DEFI_DEV_RELAYER_ADDRESS` | none: no dev vaults (dev mode: the dev relayer's EVM address) |
 * | `DEFI_REGULATOR_PARTY` | none: intents name no regulator (the regulator's party, observer of every intent) |
 * | `OIDC_ISSUER` | none: operator sign-in is off (the identity provider's issuer URL) |
 * | `OIDC_CLIENT_ID`, `OIDC_ADMIN_GROUP` | required with OIDC_ISSUER |
 * | `OIDC_CLIENT_SECRET` | none: a public client (PKCE only) |
 * | `OIDC_GROUPS_CLAIM` | `groups` |
 * | `OIDC_SCOPES` | `openid profile email` (space- or comma-separated; `openid` always added) |
 *
 * Throws a {@link ConfigError} listing every unusable or missing value, each naming its variable.
 */
export async function loadConfig(env: Env, db?: Kysely<Database>): Promise<ApiConfig> {
  const problems = new Problems()
  const origin = problems.check(() =>
    parseOrigin(env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT ?? '8787'}`),
  )
  const relatedOrigins = [
    ...new Set(
      (env.RELATED_ORIGINS ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
        .flatMap((entry) => problems.check(() => parseOrigin(entry, 'RELATED_ORIGINS')) ?? []),
    ),
  ].filter((related) => related !== origin)
  const rpId = (env.RP_ID ?? (origin ? new URL(origin).hostname : '')).toLowerCase()
  if (origin) {
    const host = new URL(origin).hostname
    // WebAuthn §5.1.3 / §5.1.4: the RP ID must equal the origin's effective domain or be a
    // registrable suffix of it; otherwise every ceremony fails in the browser.
    if (host !== rpId && !host.endsWith(`.${rpId}`))
      problems.add(`RP_ID '${rpId}' is neither the host of PUBLIC_ORIGIN (${host}) nor a parent domain of it`)
  }
  const secretText = env.SESSION_SECRET
  if (secretText !== undefined && secretText.length < 32)
    problems.add('SESSION_SECRET must be at least 32 characters (e.g. 32 random bytes as base64url)')
  const instanceKey = env.INSTANCE_KEY
  if (instanceKey === undefined || instanceKey === '')
    problems.add('INSTANCE_KEY is required: at least 32 characters (e.g. 32 random bytes as base64url)')
  else if (instanceKey.length < 32)
    problems.add('INSTANCE_KEY must be at least 32 characters (e.g. 32 random bytes as base64url)')
  const ttl = (name: string, fallback: number) => problems.check(() => positiveInt(env, name, fallback))
  const sessionTtlSeconds = ttl('SESSION_TTL_SECONDS', 3600)
  const adminSessionTtlSeconds = ttl('ADMIN_SESSION_TTL_SECONDS', 1800)
  const adminIdleTimeoutSeconds = ttl('ADMIN_IDLE_TIMEOUT_SECONDS', 600)
  const challengeTtlSeconds = ttl('CHALLENGE_TTL_SECONDS', 120)
  const maxChallengesPerClient = ttl('MAX_CHALLENGES_PER_CLIENT', 20)
  const autoLockSeconds = ttl('AUTO_LOCK_SECONDS', 300)
  const chainId = ttl('EVM_CHAIN_ID', 31337)
  const rpcUrl = problems.check(() => parseHttpUrl('EVM_RPC_URL', env.EVM_RPC_URL ?? 'http://127.0.0.1:8545'))
  const trustedProxies = (env.TRUSTED_PROXIES ?? '')
    .split(',')
    .filter((entry) => entry.trim() !== '')
    .flatMap((entry) => {
      const range = parseRange(entry)
      if (!range)
        problems.add(`TRUSTED_PROXIES: '${entry.trim().slice(0, 60)}' is not an IP address or CIDR range`)
      return range ?? []
    })
  const rateLimits = rateLimitConfig(env, problems)
  const canton = problems.check(() => cantonConfig(env))
  const defi = problems.check(() => defiConfig(env))
  const oidc = problems.check(() => oidcConfig(env))
  const brand = brandConfig(env, problems)
  problems.throwIfAny()

  const sessionSecret =
    secretText ?? (db ? fromBase64Url(await getOrCreateSessionSecret(db, instanceKey!)) : randomId(32))
  return {
    instanceName: brand.name,
    brand: {
      primaryColor: brand.primaryColor,
      accentColor: brand.accentColor,
      supportEmail: brand.supportEmail,
      supportUrl: brand.supportUrl,
    },
    rpId,
    origin: origin!,
    relatedOrigins,
    sessionSecret,
    instanceKey: instanceKey!,
    sessionTtlSeconds: sessionTtlSeconds!,
    adminSessionTtlSeconds: adminSessionTtlSeconds!,
    adminIdleTimeoutSeconds: adminIdleTimeoutSeconds!,
    adminKeyStatements: [],
    challengeTtlSeconds: challengeTtlSeconds!,
    maxChallengesPerClient: maxChallengesPerClient!,
    autoLockSeconds: autoLockSeconds!,
    trustedProxies,
    rateLimits,
    devMode: ['1', 'true', 'yes'].includes((env.DEV_MODE ?? '').toLowerCase()),
    evm: {
      chainId: chainId!,
      name: env.EVM_CHAIN_NAME ?? 'Anvil',
      symbol: env.EVM_SYMBOL ?? 'ETH',
      rpcUrl: rpcUrl!,
    },
    canton: canton ?? null,
    defi: defi!,
    oidc: oidc ?? null,
  }
}

/** `INSTANCE_NAME` and `BRAND_*`: each bad one is named with what is wrong (the defaults otherwise). */
function brandConfig(env: Env, problems: Problems): BrandDefaults & { name: string } {
  const value = (name: string) => env[name]?.trim() || undefined
  const read = (name: string, problem: (value: string) => string | null, fallback: string | null) => {
    const raw = value(name)
    if (raw === undefined) return fallback
    const wrong = problem(raw)
    if (wrong) problems.add(`${name} ${wrong}`)
    return raw
  }
  const color = (name: string, problem: (value: string) => string | null, fallback: string) =>
    read(name, problem, fallback)!.toLowerCase()
  return {
    name: read('INSTANCE_NAME', brandNameProblem, DEFAULT_BRAND.name)!,
    primaryColor: color('BRAND_PRIMARY_COLOR', primaryColorProblem, DEFAULT_BRAND.primaryColor),
    accentColor: color('BRAND_ACCENT_COLOR', colorProblem, DEFAULT_BRAND.accentColor),
    supportEmail: read('BRAND_SUPPORT_EMAIL', supportEmailProblem, null),
    supportUrl: read('BRAND_SUPPORT_URL', supportUrlProblem, null),
  }
}

/** The OIDC_* variables: no OIDC_ISSUER is "off"; with it, every missing or bad one is named. */
function oidcConfig(env: Env): OidcConfig | null {
  const value = (name: string) => env[name]?.trim() || undefined
  const issuer = value('OIDC_ISSUER')
  if (!issuer) {
    const stray = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ADMIN_GROUP'].find(value)
    if (stray)
      throw new Error(`${stray} is set but OIDC_ISSUER is not: set the identity provider's issuer URL`)
    return null
  }
  const problems = new Problems()
  problems.check(() => parseIssuer(issuer))
  const clientId = value('OIDC_CLIENT_ID')
  if (!clientId)
    problems.add(
      'OIDC_CLIENT_ID is required with OIDC_ISSUER: the client id registered at the identity provider',
    )
  const adminGroup = value('OIDC_ADMIN_GROUP')
  if (!adminGroup)
    problems.add('OIDC_ADMIN_GROUP is required with OIDC_ISSUER: the group whose members become operators')
  const groupsClaim = value('OIDC_GROUPS_CLAIM') ?? 'groups'
  if (!/^[\w.:/-]{1,200}$/.test(groupsClaim))
    problems.add(`OIDC_GROUPS_CLAIM '${groupsClaim.slice(0, 60)}' is not a claim name`)
  const scopes = (value('OIDC_SCOPES') ?? 'openid profile email').split(/[\s,]+/).filter((s) => s !== '')
  const badScope = scopes.find((scope) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope))
  if (badScope !== undefined)
    problems.add(`OIDC_SCOPES: '${badScope.slice(0, 60)}' is not a scope (RFC 6749 §3.3)`)
  problems.throwIfAny()
  return {
    issuer,
    clientId: clientId!,
    clientSecret: value('OIDC_CLIENT_SECRET') ?? null,
    adminGroup: adminGroup!,
    groupsClaim,
    scopes: ['openid', ...new Set(scopes.filter((scope) => scope !== 'openid'))],
  }
}

/** An issuer URL: https, or plain http on a loopback host (a test identity provider). */
function parseIssuer(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(
      `OIDC_ISSUER '${value.slice(0, 100)}' is not a URL (expected e.g. https://login.example.com)`,
    )
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new Error(
      `OIDC_ISSUER '${value.slice(0, 100)}' must be https:// (plain http only on a loopback host)`,
    )
  if (url.search || url.hash)
    throw new Error(`OIDC_ISSUER '${value.slice(0, 100)}' must not carry a query or fragment`)
  return value
}

/** `RATE_LIMIT_*`: each `<requests>/<seconds>` (e.g. `30/60`) or `off`; absent, the default. */
function rateLimitConfig(env: Env, problems: Problems): RateLimits {
  const read = (name: string, fallback: Rate | null): Rate | null => {
    const raw = env[name]?.trim()
    if (raw === undefined || raw === '') return fallback
    if (raw.toLowerCase() === 'off') return null
    const match = /^(\d+)\/(\d+)$/.exec(raw)
    const limit = Number(match?.[1])
    const windowSeconds = Number(match?.[2])
    if (!match || limit < 1 || windowSeconds < 1 || windowSeconds > 86_400) {
      problems.add(
        `${name} must be <requests>/<seconds> (e.g. 30/60, a window of at most 86400 s) or off, got '${raw.slice(0, 40)}'`,
      )
      return fallback
    }
    return { limit, windowSeconds }
  }
  const limits = {} as RateLimits
  for (const [limit, prefix] of Object.entries(RATE_LIMIT_VARIABLES) as [RateLimitName, string][]) {
    const fallback = DEFAULT_RATE_LIMITS[limit]
    limits[limit] = {
      ip: read(`${prefix}_IP`, fallback.ip),
      account: read(`${prefix}_ACCOUNT`, fallback.account),
    }
  }
  return limits
}

function defiConfig(env: Env): DefiConfig {
  const operatorParty = env.DEFI_OPERATOR_PARTY?.trim() || null
  if (operatorParty && !PARTY_ID.test(operatorParty))
    throw new Error(
      `DEFI_OPERATOR_PARTY '${operatorParty.slice(0, 100)}' is not a party id (hint::1220<64 hex>)`,
    )
  const relayer = env.DEFI_DEV_RELAYER_ADDRESS?.trim() || null
  if (relayer && !/^0x[0-9a-fA-F]{40}$/.test(relayer))
    throw new Error('DEFI_DEV_RELAYER_ADDRESS is not an EVM address (0x + 40 hex digits)')
  const regulatorParty = env.DEFI_REGULATOR_PARTY?.trim() || null
  if (regulatorParty && !PARTY_ID.test(regulatorParty))
    throw new Error(
      `DEFI_REGULATOR_PARTY '${regulatorParty.slice(0, 100)}' is not a party id (hint::1220<64 hex>)`,
    )
  // The operator already sees every intent: naming it as the regulator would hide a missing one.
  if (regulatorParty && regulatorParty === operatorParty)
    throw new Error('DEFI_REGULATOR_PARTY must be another party than DEFI_OPERATOR_PARTY')
  return { operatorParty, devRelayerAddress: relayer as `0x${string}` | null, regulatorParty }
}

/** The CANTON_* variables: all absent is "not configured"; a partial set throws naming what is missing. */
function cantonConfig(env: Env): CantonConfig | null {
  const value = (name: string) => env[name]?.trim() || undefined
  const url = value('CANTON_URL')
  if (!url) {
    const stray = [
      'CANTON_TOKEN',
      'CANTON_JWT_SECRET',
      'CANTON_OAUTH_TOKEN_URL',
      'CANTON_INSTRUMENT_ADMIN',
      'CANTON_REGISTRY_URL',
      'CANTON_REGISTRY_TOKEN',
    ].find(value)
    if (stray)
      throw new Error(`${stray} is set but CANTON_URL is not: set the participant's JSON Ledger API URL`)
    return null
  }
  const token = value('CANTON_TOKEN')
  const secret = value('CANTON_JWT_SECRET')
  const tokenUrl = value('CANTON_OAUTH_TOKEN_URL')
  const userId = value('CANTON_USER_ID')
  const given = [token && 'CANTON_TOKEN', secret && 'CANTON_JWT_SECRET', tokenUrl && 'CANTON_OAUTH_TOKEN_URL']
  if (given.filter(Boolean).length > 1)
    throw new Error(
      `Set one way to get Ledger API tokens, not ${given.filter(Boolean).join(' and ')}: CANTON_TOKEN, CANTON_OAUTH_* or CANTON_JWT_SECRET`,
    )
  let auth: CantonConfig['auth']
  if (token) auth = { kind: 'token', token }
  else if (tokenUrl) {
    const clientId = value('CANTON_OAUTH_CLIENT_ID')
    const clientSecret = value('CANTON_OAUTH_CLIENT_SECRET')
    const clientAuth = value('CANTON_OAUTH_CLIENT_AUTH') ?? 'client_secret_basic'
    const missing = [
      !clientId && 'CANTON_OAUTH_CLIENT_ID',
      !clientSecret && 'CANTON_OAUTH_CLIENT_SECRET',
      !userId && 'CANTON_USER_ID (the Ledger API user the tokens name in `sub`)',
    ].filter(Boolean)
    if (missing.length > 0) throw new Error(`CANTON_OAUTH_TOKEN_URL needs ${missing.join(', ')}`)
    if (clientAuth !== 'client_secret_basic' && clientAuth !== 'client_secret_post')
      throw new Error(
        `CANTON_OAUTH_CLIENT_AUTH must be client_secret_basic or client_secret_post, got '${clientAuth.slice(0, 40)}'`,
      )
    auth = {
      kind: 'oauth2',
      tokenUrl: parseHttpUrl('CANTON_OAUTH_TOKEN_URL', tokenUrl),
      clientId: clientId!,
      clientSecret: clientSecret!,
      audience: value('CANTON_OAUTH_AUDIENCE'),
      scope: value('CANTON_OAUTH_SCOPE'),
      clientAuth,
    }
  } else if (secret) {
    if (!userId)
      throw new Error('CANTON_JWT_SECRET needs CANTON_USER_ID: the Ledger API user to mint tokens for')
    auth = { kind: 'hs256', secret, audience: value('CANTON_JWT_AUDIENCE') }
  } else {
    throw new Error(
      'CANTON_URL needs credentials: CANTON_OAUTH_TOKEN_URL with its client (see CANTON_OAUTH_*), CANTON_TOKEN, or CANTON_JWT_SECRET with CANTON_USER_ID',
    )
  }
  const admin = value('CANTON_INSTRUMENT_ADMIN')
  const id = value('CANTON_INSTRUMENT_ID')
  if (Boolean(admin) !== Boolean(id))
    throw new Error(
      'Set CANTON_INSTRUMENT_ADMIN and CANTON_INSTRUMENT_ID together (the registry party and the instrument id)',
    )
  if (admin && !PARTY_ID.test(admin))
    throw new Error(`CANTON_INSTRUMENT_ADMIN '${admin.slice(0, 100)}' is not a party id (hint::1220<64 hex>)`)
  const registryUrl = value('CANTON_REGISTRY_URL')
  if (admin && !registryUrl)
    throw new Error(
      "CANTON_REGISTRY_URL is required with CANTON_INSTRUMENT_ADMIN: the instrument registry's base URL (a participant does not serve the registry API; e.g. a validator's https://<validator>/api/validator/v0/scan-proxy)",
    )
  const registryToken = value('CANTON_REGISTRY_TOKEN')
  if (registryToken && !registryUrl)
    throw new Error('CANTON_REGISTRY_TOKEN is set but CANTON_REGISTRY_URL is not')
  return {
    url: parseHttpUrl('CANTON_URL', url),
    synchronizerId: value('CANTON_SYNCHRONIZER_ID'),
    auth,
    userId,
    registryUrl: registryUrl && parseHttpUrl('CANTON_REGISTRY_URL', registryUrl),
    registryToken,
    instrument: admin && id ? { admin, id } : null,
  }
}

/**
 * Session cookies are `Secure` everywhere except plain-http loopback development origins,
 * where browsers would otherwise drop them.
 */
export function isInsecureLoopbackOrigin(origin: string): boolean {
  const url = new URL(origin)
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1')
}

/**
 * An origin as the instance uses it (PUBLIC_ORIGIN, or one of RELATED_ORIGINS, named by `name` in
 * errors): https (http only for localhost), no path.
 */
export function parseOrigin(value: string, name = 'PUBLIC_ORIGIN'): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${name} '${value}' is not a URL (expected e.g. https://wallet.example.com)`)
  }
  if (url.protocol !== 'https:' && !isInsecureLoopbackOrigin(url.origin)) {
    throw new Error(`${name} '${value}' must be https:// (plain http only works for localhost)`)
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`${name} '${value}' must be an origin only, without a path`)
  }
  return url.origin
}

/** Every origin whose pages may run this instance's WebAuthn ceremonies and send it requests. */
export function acceptedOrigins(config: Pick<ApiConfig, 'origin' | 'relatedOrigins'>): string[] {
  return [config.origin, ...config.relatedOrigins]
}

function parseHttpUrl(name: string, value: string): string {
  try {
    const url = new URL(value)
    if (url.protocol === 'http:' || url.protocol === 'https:') return value
  } catch {}
  // The value is not echoed: an RPC URL often carries an API key.
  throw new Error(`${name} is not an http(s) URL`)
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw) || Number(raw) <= 0)
    throw new Error(`${name} must be a positive integer, got '${raw}'`)
  return Number(raw)
}
