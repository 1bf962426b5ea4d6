import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

const dir = mkdtempSync(join(tmpdir(), 'relayer-config-'))
const tokenFile = join(dir, 'token')
writeFileSync(tokenFile, 'super-secret-token\n')
const vaultId = `0x${'ab'.repeat(32)}`
const base = {
  RELAYER_ID: 'relayer-1',
  ETCD_ENDPOINTS: 'http://127.0.0.1:2379',
  CANTON_URL: 'http://127.0.0.1:7575',
  CANTON_TOKEN_FILE: tokenFile,
  OPERATOR_PARTY: 'operator::1220aa',
  RELAYER_CHAINS: '31337=http://127.0.0.1:8545',
  RELAYER_VAULTS: `${vaultId}=31337:0x${'12'.repeat(20)}`,
  RELAYER_PRIVATE_KEY_FILE: join(dir, 'key'),
}

describe('loadConfig', () => {
  test('behavior: reads every setting with defaults', () => {
    const c = loadConfig({ ...base, RELAYER_CONFIRMATIONS: '31337=3' })
    expect(c.relayerId).toBe('relayer-1')
    expect(c.database).toEqual({ kind: 'sqlite', file: './data/relayer.sqlite' })
    expect(c.chains.get(31337)).toBe('http://127.0.0.1:8545')
    expect(c.vaults.get(vaultId as `0x${string}`)).toMatchObject({ chainId: 31337 })
    expect(c.confirmations.get(31337)).toBe(3)
    expect(c.http).toEqual({ host: '127.0.0.1', port: 9464 })
    expect(c.signer).toEqual({ kind: 'local', privateKeyFile: join(dir, 'key') })
    expect(c.canton.auth?.kind === 'token' && c.canton.auth.token.reveal()).toBe('super-secret-token')
  })

  test('behavior: REGULATOR_PARTY is the regulator every intent must name; absent, none is required', () => {
    expect(loadConfig(base).canton.regulatorParty).toBeNull()
    expect(loadConfig({ ...base, REGULATOR_PARTY: ' regulator::1220cc ' }).canton.regulatorParty).toBe(
      'regulator::1220cc',
    )
  })

  test('error: a REGULATOR_PARTY that is no party id, or the operator, is refused', () => {
    expect(() => loadConfig({ ...base, REGULATOR_PARTY: 'regulator' })).toThrow(
      'REGULATOR_PARTY: expected a party id (hint::1220…)',
    )
    expect(() => loadConfig({ ...base, REGULATOR_PARTY: base.OPERATOR_PARTY })).toThrow(
      'REGULATOR_PARTY: must be another party than OPERATOR_PARTY',
    )
  })

  test('behavior: secrets are never printed', () => {
    const c = loadConfig(base)
    expect(JSON.stringify(c.canton)).not.toContain('super-secret')
    expect(inspect(c, { depth: 5 })).not.toContain('super-secret')
    expect(c.canton.auth?.kind === 'token' && String(c.canton.auth.token)).toBe('[redacted]')
  })

  test('behavior: vaults as JSON, PostgreSQL, KMS', () => {
    const c = loadConfig({
      ...base,
      RELAYER_VAULTS: JSON.stringify({ [vaultId]: { chainId: 31337, address: `0x${'12'.repeat(20)}` } }),
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
      RELAYER_SIGNER: 'kms',
      KMS_KEY_ID: 'alias/relayer',
      AWS_REGION: 'eu-west-1',
      RELAYER_PORT: '0',
    })
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@127.0.0.1:5432/db' })
    expect(c.signer).toEqual({
      kind: 'kms',
      keyId: 'alias/relayer',
      region: 'eu-west-1',
      endpoint: undefined,
    })
    expect(c.http.port).toBe(0)
  })

  test('behavior: DATABASE_URL, CANTON_TOKEN and RELAYER_CHAINS from files (NAME_FILE), trimmed', () => {
    const databaseFile = secretFile('database-url', 'postgres://relayer:db-password@postgres:5432/relayer\n')
    const chainsFile = secretFile(
      'chains',
      '31337=http://127.0.0.1:8545\n1=https://mainnet.example/v3/rpc-api-key/\n',
    )
    const c = loadConfig({
      ...base,
      DATABASE_URL_FILE: databaseFile,
      RELAYER_CHAINS: undefined,
      RELAYER_CHAINS_FILE: chainsFile,
    })
    expect(c.database).toEqual({
      kind: 'postgres',
      url: 'postgres://relayer:db-password@postgres:5432/relayer',
    })
    expect([...c.chains]).toEqual([
      [31337, 'http://127.0.0.1:8545'],
      [1, 'https://mainnet.example/v3/rpc-api-key'],
    ])
    expect(c.canton.auth?.kind === 'token' && c.canton.auth.token.reveal()).toBe('super-secret-token')
  })

  test.each(['DATABASE_URL', 'CANTON_TOKEN', 'RELAYER_CHAINS'])(
    'error: NAME and NAME_FILE both set is refused (%s)',
    (name) => {
      const file = secretFile(`both-${name}`, 'from-the-file')
      const error = configError({ ...base, [name]: 'from-the-environment', [`${name}_FILE`]: file })
      expect(error.variable).toBe(`${name}_FILE`)
      expect(error.message).toBe(`${name}_FILE: set either ${name} or ${name}_FILE, not both`)
    },
  )

  test.each(['DATABASE_URL', 'CANTON_TOKEN', 'RELAYER_CHAINS'])(
    'error: an unreadable or empty NAME_FILE is named (%s)',
    (name) => {
      const env = { ...base, CANTON_TOKEN_FILE: undefined, RELAYER_CHAINS: undefined }
      const missing = configError({ ...env, [`${name}_FILE`]: join(dir, 'no-such-file') })
      expect(missing.variable).toBe(`${name}_FILE`)
      expect(missing.message).toBe(`${name}_FILE: cannot read ${join(dir, 'no-such-file')} (ENOENT)`)
      const empty = configError({ ...env, [`${name}_FILE`]: secretFile(`empty-${name}`, ' \n') })
      expect(empty.variable).toBe(`${name}_FILE`)
      expect(empty.message).toMatch(new RegExp(`^${name}_FILE: the file .* is empty$`))
    },
  )

  test.each([
    ['DATABASE_URL', 'mysql://relayer:hunter2-secret@db/relayer'],
    ['DATABASE_URL_FILE', 'mysql://relayer:hunter2-secret@db/relayer'],
    ['RELAYER_CHAINS', 'https://rpc.example/hunter2-secret'],
    ['RELAYER_CHAINS', 'https://rpc.example/?key=hunter2-secret'],
    ['RELAYER_CHAINS_FILE', '1=wss://rpc.example/hunter2-secret'],
  ])('error: a malformed %s is named without showing its value (%s)', (variable, value) => {
    const fromFile = variable.endsWith('_FILE')
    const name = fromFile ? variable.slice(0, -'_FILE'.length) : variable
    const error = configError({
      ...base,
      [name]: fromFile ? undefined : value,
      ...(fromFile ? { [variable]: secretFile(`malformed-${name}`, value) } : {}),
    })
    expect(error.variable).toBe(variable)
    expect(error.message).toMatch(new RegExp(`^${variable}: `))
    expect(error.message).not.toContain('hunter2')
    expect(error.message).not.toContain('rpc.example')
  })

  test.each([
    [{ ETCD_ENDPOINTS: '' }, 'ETCD_ENDPOINTS'],
    [{ CANTON_URL: 'ftp://x' }, 'CANTON_URL'],
    [{ RELAYER_CHAINS: '31337' }, 'RELAYER_CHAINS'],
    [{ RELAYER_VAULTS: `${vaultId}=1:0x${'12'.repeat(20)}` }, 'RELAYER_VAULTS'],
    [{ RELAYER_SIGNER: 'hsm' }, 'RELAYER_SIGNER'],
    [{ RELAYER_PORT: 'abc' }, 'RELAYER_PORT'],
    [{ CANTON_TOKEN_FILE: join(dir, 'missing') }, 'CANTON_TOKEN_FILE'],
    [{ RELAYER_CONFIRMATIONS: '31337=0' }, 'RELAYER_CONFIRMATIONS'],
  ])('error: %o names %s', (override, variable) => {
    const error = configError({ ...base, ...override })
    expect(error.variable).toBe(variable)
    expect(error.message).toMatch(new RegExp(`^${variable}: `))
  })
})

describe('loadConfig (Ledger API OAuth2 client credentials)', () => {
  const oauth = {
    ...base,
    CANTON_TOKEN_FILE: undefined,
    CANTON_OAUTH_TOKEN_URL: 'https://idp.example.com/oauth/token',
    CANTON_OAUTH_CLIENT_ID: 'stratos-relayer',
    CANTON_OAUTH_CLIENT_SECRET: 'relayer-client-secret-0123456789',
    CANTON_USER_ID: 'stratos-relayer',
  }

  test('behavior: CANTON_OAUTH_* and CANTON_USER_ID, the same variables as the API, with their defaults', () => {
    const c = loadConfig(oauth)
    expect(c.canton.userId).toBe('stratos-relayer')
    expect(c.canton.auth).toMatchObject({
      kind: 'oauth2',
      tokenUrl: 'https://idp.example.com/oauth/token',
      clientId: 'stratos-relayer',
      audience: undefined,
      scope: undefined,
      clientAuth: 'client_secret_basic',
    })
    expect(c.canton.auth?.kind === 'oauth2' && c.canton.auth.clientSecret.reveal()).toBe(
      'relayer-client-secret-0123456789',
    )
    const full = loadConfig({
      ...oauth,
      CANTON_OAUTH_AUDIENCE: 'https://ledger.example.com',
      CANTON_OAUTH_SCOPE: 'daml_ledger_api',
      CANTON_OAUTH_CLIENT_AUTH: 'client_secret_post',
    })
    expect(full.canton.auth).toMatchObject({
      audience: 'https://ledger.example.com',
      scope: 'daml_ledger_api',
      clientAuth: 'client_secret_post',
    })
  })

  test('behavior: the client secret from CANTON_OAUTH_CLIENT_SECRET_FILE, never printed', () => {
    const c = loadConfig({
      ...oauth,
      CANTON_OAUTH_CLIENT_SECRET: undefined,
      CANTON_OAUTH_CLIENT_SECRET_FILE: secretFile('oauth-secret', 'client-secret-from-file\n'),
    })
    expect(c.canton.auth?.kind === 'oauth2' && c.canton.auth.clientSecret.reveal()).toBe(
      'client-secret-from-file',
    )
    expect(JSON.stringify(c)).not.toContain('client-secret-from-file')
    expect(inspect(c, { depth: 5 })).not.toContain('client-secret-from-file')
  })

  test.each([
    ['CANTON_OAUTH_CLIENT_ID', { CANTON_OAUTH_CLIENT_ID: undefined }, /required with CANTON_OAUTH_TOKEN_URL/],
    [
      'CANTON_OAUTH_CLIENT_SECRET',
      { CANTON_OAUTH_CLIENT_SECRET: undefined },
      /required with CANTON_OAUTH_TOKEN_URL: .*CANTON_OAUTH_CLIENT_SECRET_FILE/,
    ],
    ['CANTON_USER_ID', { CANTON_USER_ID: undefined }, /the Ledger API user the tokens name/],
    ['CANTON_OAUTH_TOKEN_URL', { CANTON_OAUTH_TOKEN_URL: 'idp.example.com/token' }, /an http\(s\) URL/],
    ['CANTON_OAUTH_CLIENT_AUTH', { CANTON_OAUTH_CLIENT_AUTH: 'private_key_jwt' }, /client_secret_basic or/],
    ['CANTON_TOKEN', { CANTON_TOKEN: 'a-static-token' }, /not both CANTON_TOKEN and CANTON_OAUTH_TOKEN_URL/],
  ])('error: a partial or contradictory OAuth2 set names %s', (variable, override, message) => {
    const error = configError({ ...oauth, ...override })
    expect(error.variable).toBe(variable)
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain('relayer-client-secret')
  })

  test.each([
    'CANTON_OAUTH_CLIENT_ID',
    'CANTON_OAUTH_CLIENT_SECRET',
    'CANTON_OAUTH_AUDIENCE',
    'CANTON_OAUTH_SCOPE',
  ])('error: %s without CANTON_OAUTH_TOKEN_URL is refused, not ignored', (variable) => {
    const error = configError({ ...base, [variable]: 'value' })
    expect(error.variable).toBe(variable)
    expect(error.message).toBe(
      `${variable}: set without CANTON_OAUTH_TOKEN_URL, the token endpoint it is for`,
    )
  })
})

/** Writes `content` to a new file in the test folder and returns its path. */
function secretFile(name: string, content: string): string {
  const file = join(dir, name)
  writeFileSync(file, content)
  return file
}

/** The ConfigError that loadConfig throws for `env`; fails the test when it throws none. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error('loadConfig accepted the configuration')
}
