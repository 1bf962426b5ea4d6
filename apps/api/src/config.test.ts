import { createDatabase, migrateToLatest } from '@stratos/db'
import { describe, expect, test } from 'vitest'
import { ConfigError, DEFAULT_RATE_LIMITS, loadConfig } from './config.js'

/** Every start needs an instance key; the tests below add it to the variables they are about. */
const KEY = { INSTANCE_KEY: 'k'.repeat(32) }

describe('loadConfig', () => {
  test('behavior: defaults for a local instance', async () => {
    const config = await loadConfig(KEY)
    expect(config).toMatchObject({
      instanceName: 'Stratos Vault',
      origin: 'http://localhost:8787',
      rpId: 'localhost',
      sessionTtlSeconds: 3600,
      challengeTtlSeconds: 120,
      maxChallengesPerClient: 20,
      autoLockSeconds: 300,
      devMode: false,
      evm: { chainId: 31337, name: 'Anvil', symbol: 'ETH', rpcUrl: 'http://127.0.0.1:8545' },
    })
    expect(String(config.sessionSecret).length).toBeGreaterThanOrEqual(32)
    expect(config.canton).toBeNull()
  })

  test('behavior: RATE_LIMIT_* set a limit as <requests>/<seconds> or turn it off; the rest keep their defaults', async () => {
    expect((await loadConfig(KEY)).rateLimits).toEqual(DEFAULT_RATE_LIMITS)
    const { rateLimits } = await loadConfig({
      ...KEY,
      RATE_LIMIT_AUTH_IP: '100/30',
      RATE_LIMIT_EVM_RPC_ACCOUNT: 'off',
    })
    expect(rateLimits.auth).toEqual({
      ip: { limit: 100, windowSeconds: 30 },
      account: DEFAULT_RATE_LIMITS.auth.account,
    })
    expect(rateLimits.evmRpc).toEqual({ ip: DEFAULT_RATE_LIMITS.evmRpc.ip, account: null })
    expect(rateLimits.canton).toEqual(DEFAULT_RATE_LIMITS.canton)
  })

  test('error: a malformed RATE_LIMIT_* is named with the expected form', async () => {
    const error = await loadConfig({
      ...KEY,
      RATE_LIMIT_CANTON_IP: '60',
      RATE_LIMIT_PASSKEYS_ACCOUNT: '0/60',
      RATE_LIMIT_AUTH_ACCOUNT: '5/100000',
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toEqual([
      "RATE_LIMIT_AUTH_ACCOUNT must be <requests>/<seconds> (e.g. 30/60, a window of at most 86400 s) or off, got '5/100000'",
      "RATE_LIMIT_PASSKEYS_ACCOUNT must be <requests>/<seconds> (e.g. 30/60, a window of at most 86400 s) or off, got '0/60'",
      "RATE_LIMIT_CANTON_IP must be <requests>/<seconds> (e.g. 30/60, a window of at most 86400 s) or off, got '60'",
    ])
  })

  test('behavior: the CANTON_* variables configure the participant, the token and the instrument', async () => {
    const admin = `stratos-registry::1220${'ab'.repeat(32)}`
    const config = await loadConfig({
      ...KEY,
      CANTON_URL: 'http://127.0.0.1:7575',
      CANTON_JWT_SECRET: 'secret',
      CANTON_USER_ID: 'stratos-wallet',
      CANTON_INSTRUMENT_ADMIN: admin,
      CANTON_INSTRUMENT_ID: 'USDX',
      CANTON_REGISTRY_URL: 'https://validator.example.com/api/validator/v0/scan-proxy',
      CANTON_REGISTRY_TOKEN: 'validator-user-token',
    })
    expect(config.canton).toEqual({
      url: 'http://127.0.0.1:7575',
      synchronizerId: undefined,
      auth: { kind: 'hs256', secret: 'secret', audience: undefined },
      userId: 'stratos-wallet',
      registryUrl: 'https://validator.example.com/api/validator/v0/scan-proxy',
      registryToken: 'validator-user-token',
      instrument: { admin, id: 'USDX' },
    })
    const withToken = await loadConfig({ ...KEY, CANTON_URL: 'https://p.example.com', CANTON_TOKEN: 't' })
    expect(withToken.canton).toMatchObject({
      auth: { kind: 'token', token: 't' },
      instrument: null,
      registryUrl: undefined,
    })
    const withOAuth = await loadConfig({
      ...KEY,
      CANTON_URL: 'https://p.example.com',
      CANTON_OAUTH_TOKEN_URL: 'https://login.example.com/oauth/token',
      CANTON_OAUTH_CLIENT_ID: 'wallet',
      CANTON_OAUTH_CLIENT_SECRET: 'client-secret',
      CANTON_OAUTH_AUDIENCE: 'https://ledger.example.com',
      CANTON_USER_ID: 'wallet@clients',
    })
    expect(withOAuth.canton).toMatchObject({
      auth: {
        kind: 'oauth2',
        tokenUrl: 'https://login.example.com/oauth/token',
        clientId: 'wallet',
        clientSecret: 'client-secret',
        audience: 'https://ledger.example.com',
        scope: undefined,
        clientAuth: 'client_secret_basic',
      },
      userId: 'wallet@clients',
    })
  })

  test('error: an instrument without CANTON_REGISTRY_URL (a participant serves no registry API) names it', async () => {
    const admin = `stratos-registry::1220${'ab'.repeat(32)}`
    const canton = {
      ...KEY,
      CANTON_URL: 'http://127.0.0.1:7575',
      CANTON_TOKEN: 't',
      CANTON_INSTRUMENT_ADMIN: admin,
      CANTON_INSTRUMENT_ID: 'USDX',
    }
    await expect(loadConfig(canton)).rejects.toThrow(
      /CANTON_REGISTRY_URL is required with CANTON_INSTRUMENT_ADMIN/,
    )
    await expect(
      loadConfig({ ...KEY, CANTON_URL: 'http://p', CANTON_TOKEN: 't', CANTON_REGISTRY_TOKEN: 'x' }),
    ).rejects.toThrow(/CANTON_REGISTRY_TOKEN is set but CANTON_REGISTRY_URL is not/)
    await expect(loadConfig({ ...KEY, CANTON_REGISTRY_URL: 'http://r' })).rejects.toThrow(
      /CANTON_REGISTRY_URL is set but CANTON_URL is not/,
    )
    await expect(loadConfig({ ...canton, CANTON_REGISTRY_URL: 'ftp://r' })).rejects.toThrow(
      /CANTON_REGISTRY_URL is not an http\(s\) URL/,
    )
  })

  test('behavior: reads the environment; RP_ID defaults to the origin host', async () => {
    const config = await loadConfig({
      ...KEY,
      PUBLIC_ORIGIN: 'https://wallet.example.com',
      INSTANCE_NAME: 'Acme Vault',
      SESSION_TTL_SECONDS: '900',
      CHALLENGE_TTL_SECONDS: '60',
      MAX_CHALLENGES_PER_CLIENT: '5',
      AUTO_LOCK_SECONDS: '120',
      DEV_MODE: '1',
      EVM_RPC_URL: 'https://rpc.example.com/key',
      EVM_CHAIN_ID: '8453',
      SESSION_SECRET: 'a'.repeat(32),
    })
    expect(config).toMatchObject({
      instanceName: 'Acme Vault',
      origin: 'https://wallet.example.com',
      rpId: 'wallet.example.com',
      sessionSecret: 'a'.repeat(32),
      sessionTtlSeconds: 900,
      challengeTtlSeconds: 60,
      maxChallengesPerClient: 5,
      autoLockSeconds: 120,
      devMode: true,
      evm: { chainId: 8453, rpcUrl: 'https://rpc.example.com/key' },
    })
    expect(
      (await loadConfig({ ...KEY, PUBLIC_ORIGIN: 'https://wallet.example.com', RP_ID: 'example.com' })).rpId,
    ).toBe('example.com')
  })

  test('behavior: RELATED_ORIGINS lists further origins once each, without PUBLIC_ORIGIN', async () => {
    const config = await loadConfig({
      ...KEY,
      PUBLIC_ORIGIN: 'https://wallet.example.com',
      RELATED_ORIGINS:
        ' https://wallet.client-a.example ,https://wallet.example.com,https://wallet.client-a.example/',
    })
    expect(config.relatedOrigins).toEqual(['https://wallet.client-a.example'])
    expect((await loadConfig(KEY)).relatedOrigins).toEqual([])
  })

  test('behavior: without SESSION_SECRET the secret is generated once and persisted in the database', async () => {
    const db = createDatabase({ kind: 'sqlite', file: ':memory:' })
    await migrateToLatest(db)
    const first = await loadConfig(KEY, db)
    const second = await loadConfig(KEY, db)
    expect(first.sessionSecret).toBeInstanceOf(Uint8Array)
    expect(first.sessionSecret).toEqual(second.sessionSecret)
    expect((first.sessionSecret as Uint8Array).length).toBe(32)
    await db.destroy()
  })

  test.each([
    [{ PUBLIC_ORIGIN: 'wallet.example.com' }, /PUBLIC_ORIGIN .* is not a URL/],
    [{ PUBLIC_ORIGIN: 'http://wallet.example.com' }, /PUBLIC_ORIGIN .* must be https/],
    [{ PUBLIC_ORIGIN: 'https://wallet.example.com/app' }, /without a path/],
    [{ PUBLIC_ORIGIN: 'https://wallet.example.com', RP_ID: 'other.com' }, /RP_ID 'other.com'/],
    [
      { RELATED_ORIGINS: 'https://a.example, http://b.example' },
      /RELATED_ORIGINS 'http:\/\/b.example' must be https/,
    ],
    [{ RELATED_ORIGINS: 'https://a.example/app' }, /RELATED_ORIGINS .* without a path/],
    [{ SESSION_TTL_SECONDS: 'soon' }, /SESSION_TTL_SECONDS must be a positive integer/],
    [{ EVM_CHAIN_ID: '0' }, /EVM_CHAIN_ID must be a positive integer/],
    [{ SESSION_SECRET: 'short' }, /SESSION_SECRET must be at least 32 characters/],
    [{ EVM_RPC_URL: 'ws://key@node' }, /^EVM_RPC_URL is not an http\(s\) URL$/],
    [{ CANTON_URL: 'http://127.0.0.1:7575' }, /CANTON_URL needs credentials/],
    [{ CANTON_URL: 'http://p', CANTON_JWT_SECRET: 's' }, /CANTON_JWT_SECRET needs CANTON_USER_ID/],
    [{ CANTON_TOKEN: 't' }, /CANTON_TOKEN is set but CANTON_URL is not/],
    [
      { CANTON_URL: 'http://p', CANTON_OAUTH_TOKEN_URL: 'https://idp/token' },
      /CANTON_OAUTH_TOKEN_URL needs CANTON_OAUTH_CLIENT_ID, CANTON_OAUTH_CLIENT_SECRET, CANTON_USER_ID/,
    ],
    [
      { CANTON_URL: 'http://p', CANTON_TOKEN: 't', CANTON_OAUTH_TOKEN_URL: 'https://idp/token' },
      /Set one way to get Ledger API tokens, not CANTON_TOKEN and CANTON_OAUTH_TOKEN_URL/,
    ],
    [
      {
        CANTON_URL: 'http://p',
        CANTON_OAUTH_TOKEN_URL: 'https://idp/token',
        CANTON_OAUTH_CLIENT_ID: 'c',
        CANTON_OAUTH_CLIENT_SECRET: 's',
        CANTON_USER_ID: 'u',
        CANTON_OAUTH_CLIENT_AUTH: 'private_key_jwt',
      },
      /CANTON_OAUTH_CLIENT_AUTH must be client_secret_basic or client_secret_post/,
    ],
    [
      { CANTON_URL: 'http://p', CANTON_TOKEN: 't', CANTON_INSTRUMENT_ADMIN: 'registry' },
      /CANTON_INSTRUMENT_ADMIN and CANTON_INSTRUMENT_ID together/,
    ],
  ])('error: %o is refused naming the variable', async (env, message) => {
    await expect(loadConfig({ ...KEY, ...env })).rejects.toThrow(message)
  })

  test('error: every problem is named in one error, and no value of a secret is shown', async () => {
    const error = await loadConfig({
      PUBLIC_ORIGIN: 'http://wallet.example.com',
      SESSION_SECRET: 'short-secret-value',
      EVM_RPC_URL: 'ws://user:apikey@node',
      SESSION_TTL_SECONDS: 'soon',
      CANTON_TOKEN: 'leaked-token?',
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^PUBLIC_ORIGIN .* must be https/),
      expect.stringMatching(/^SESSION_SECRET must be at least 32 characters/),
      expect.stringMatching(/^INSTANCE_KEY is required/),
      expect.stringMatching(/^SESSION_TTL_SECONDS must be a positive integer/),
      'EVM_RPC_URL is not an http(s) URL',
      expect.stringMatching(/^CANTON_TOKEN is set but CANTON_URL is not/),
    ])
    expect((error as Error).message).toMatch(/^6 settings are wrong:\n {2}- PUBLIC_ORIGIN/)
    for (const secret of ['short-secret-value', 'apikey', 'leaked-token?'])
      expect((error as Error).message).not.toContain(secret)
  })

  test('behavior: DEFI_REGULATOR_PARTY names the regulator of every intent; absent, none', async () => {
    const operator = `relayer::1220${'cd'.repeat(32)}`
    const regulator = `regulator::1220${'ef'.repeat(32)}`
    expect((await loadConfig(KEY)).defi.regulatorParty).toBeNull()
    const { defi } = await loadConfig({
      ...KEY,
      DEFI_OPERATOR_PARTY: operator,
      DEFI_REGULATOR_PARTY: ` ${regulator} `,
    })
    expect(defi).toMatchObject({ operatorParty: operator, regulatorParty: regulator })
  })

  test('error: a DEFI_REGULATOR_PARTY that is no party id, or the operator itself, is refused', async () => {
    const operator = `relayer::1220${'cd'.repeat(32)}`
    await expect(loadConfig({ ...KEY, DEFI_REGULATOR_PARTY: 'regulator' })).rejects.toThrow(
      /DEFI_REGULATOR_PARTY 'regulator' is not a party id/,
    )
    await expect(
      loadConfig({ ...KEY, DEFI_OPERATOR_PARTY: operator, DEFI_REGULATOR_PARTY: operator }),
    ).rejects.toThrow(/DEFI_REGULATOR_PARTY must be another party than DEFI_OPERATOR_PARTY/)
  })

  test('behavior: INSTANCE_NAME and BRAND_* give the brand; colours in lower case; absent, the defaults', async () => {
    expect((await loadConfig(KEY)).brand).toEqual({
      primaryColor: '#4f46e5',
      accentColor: '#818cf8',
      supportEmail: null,
      supportUrl: null,
    })
    const config = await loadConfig({
      ...KEY,
      INSTANCE_NAME: ' Acme Treasury ',
      BRAND_PRIMARY_COLOR: '#0B5394',
      BRAND_ACCENT_COLOR: '#F1C232',
      BRAND_SUPPORT_EMAIL: 'help@acme.example',
      BRAND_SUPPORT_URL: 'https://help.acme.example/wallet',
    })
    expect(config.instanceName).toBe('Acme Treasury')
    expect(config.brand).toEqual({
      primaryColor: '#0b5394',
      accentColor: '#f1c232',
      supportEmail: 'help@acme.example',
      supportUrl: 'https://help.acme.example/wallet',
    })
  })

  test('error: each bad INSTANCE_NAME or BRAND_* is named with what is wrong', async () => {
    const error = await loadConfig({
      ...KEY,
      INSTANCE_NAME: 'A'.repeat(65),
      BRAND_PRIMARY_COLOR: '#ffff00',
      BRAND_ACCENT_COLOR: 'teal',
      BRAND_SUPPORT_EMAIL: 'help at acme',
      BRAND_SUPPORT_URL: 'http://help.acme.example',
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toEqual([
      'INSTANCE_NAME must be at most 64 characters (it has 65)',
      'BRAND_PRIMARY_COLOR #ffff00 has a contrast of 1.07:1 with white text, below the 4.5:1 WCAG asks for (success criterion 1.4.3): choose a darker colour',
      "BRAND_ACCENT_COLOR must be a colour as #rrggbb (e.g. #4f46e5), got 'teal'",
      'BRAND_SUPPORT_EMAIL must be an email address (e.g. help@example.com)',
      'BRAND_SUPPORT_URL must be an https:// URL (e.g. https://help.example.com)',
    ])
    const control = await loadConfig({ ...KEY, INSTANCE_NAME: 'Acme\u202eVault' }).catch((e: unknown) => e)
    expect((control as ConfigError).problems).toEqual([
      'INSTANCE_NAME must not contain control characters (U+202E)',
    ])
  })

  test('error: a short INSTANCE_KEY is refused', async () => {
    await expect(loadConfig({ INSTANCE_KEY: 'too-short' })).rejects.toThrow(
      /^INSTANCE_KEY must be at least 32 characters/,
    )
  })

  test('behavior: OIDC_* turn operator sign-in on; without OIDC_ISSUER it is off', async () => {
    expect((await loadConfig(KEY)).oidc).toBeNull()
    const config = await loadConfig({
      ...KEY,
      OIDC_ISSUER: 'https://login.example.com/realms/corp',
      OIDC_CLIENT_ID: 'stratos-vault',
      OIDC_CLIENT_SECRET: 'client-secret',
      OIDC_ADMIN_GROUP: 'vault-operators',
      OIDC_SCOPES: 'profile, groups openid',
    })
    expect(config.oidc).toEqual({
      issuer: 'https://login.example.com/realms/corp',
      clientId: 'stratos-vault',
      clientSecret: 'client-secret',
      adminGroup: 'vault-operators',
      groupsClaim: 'groups',
      scopes: ['openid', 'profile', 'groups'],
    })
    const loopback = await loadConfig({
      ...KEY,
      OIDC_ISSUER: 'http://127.0.0.1:9000',
      OIDC_CLIENT_ID: 'c',
      OIDC_ADMIN_GROUP: 'g',
      OIDC_GROUPS_CLAIM: 'roles',
    })
    expect(loopback.oidc).toMatchObject({
      clientSecret: null,
      groupsClaim: 'roles',
      scopes: ['openid', 'profile', 'email'],
    })
  })

  test('error: each bad or missing OIDC_* setting is named, and the client secret is never shown', async () => {
    const error = await loadConfig({
      ...KEY,
      OIDC_ISSUER: 'http://login.example.com',
      OIDC_CLIENT_SECRET: 'oidc-client-secret-value',
      OIDC_GROUPS_CLAIM: 'has spaces',
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^OIDC_ISSUER .* must be https:\/\/ \(plain http only on a loopback host\)/),
      expect.stringMatching(/^OIDC_CLIENT_ID is required with OIDC_ISSUER/),
      expect.stringMatching(/^OIDC_ADMIN_GROUP is required with OIDC_ISSUER/),
      expect.stringMatching(/^OIDC_GROUPS_CLAIM 'has spaces' is not a claim name/),
    ])
    expect((error as Error).message).not.toContain('oidc-client-secret-value')
    await expect(loadConfig({ ...KEY, OIDC_CLIENT_ID: 'c' })).rejects.toThrow(
      /^OIDC_CLIENT_ID is set but OIDC_ISSUER is not/,
    )
  })
})
