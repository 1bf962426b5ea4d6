import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { type Address, getAddress, type Hex } from 'viem'
import { z } from 'zod'
import { RelayerError } from './errors.js'

/** A secret read from the environment or a file: printing, logging or JSON never shows it. */
export class Secret {
  readonly #value: string
  constructor(value: string) {
    this.#value = value
  }
  /** The secret itself; call only where it is used. */
  reveal(): string {
    return this.#value
  }
  toString(): string {
    return '[redacted]'
  }
  toJSON(): string {
    return '[redacted]'
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret([redacted])'
  }
}

export interface VaultConfig {
  vaultId: Hex
  chainId: number
  address: Address
}

export type SignerConfig =
  | { kind: 'local'; privateKeyFile: string }
  | { kind: 'kms'; keyId: string; region: string; endpoint: string | undefined }

/**
 * How the relayer gets its Ledger API tokens: a static bearer token (`CANTON_TOKEN`), or OAuth2
 * client credentials at the identity provider the participant trusts (`CANTON_OAUTH_*`).
 */
export type CantonAuthConfig =
  | { kind: 'token'; token: Secret }
  | {
      kind: 'oauth2'
      /** The provider's token endpoint. */
      tokenUrl: string
      clientId: string
      clientSecret: Secret
      /** The `audience` asked for (Canton's `target-audience`). */
      audience: string | undefined
      /** The scope asked for (e.g. `daml_ledger_api`, or Canton's `target-scope`). */
      scope: string | undefined
      /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
      clientAuth: 'client_secret_basic' | 'client_secret_post'
    }

export type JournalDatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }

export interface RelayerConfig {
  relayerId: string
  etcdEndpoints: string[]
  database: JournalDatabaseConfig
  canton: {
    url: string
    /** Where the tokens come from; undefined: requests carry none (a participant without auth). */
    auth: CantonAuthConfig | undefined
    /** The Ledger API user the tokens name (`CANTON_USER_ID`); its commands name it as `userId`. */
    userId: string | undefined
    operatorParty: string
    /** The regulator every intent must name (`REGULATOR_PARTY`); null: any regulator or none. */
    regulatorParty: string | null
  }
  /** chain id -> JSON-RPC URL. */
  chains: Map<number, string>
  /** vault id (lower-case bytes32) -> vault. */
  vaults: Map<Hex, VaultConfig>
  /** chain id -> confirmation depth (1 = mined). */
  confirmations: Map<number, number>
  signer: SignerConfig
  http: { host: string; port: number }
  leaseTtlSeconds: number
  pollIntervalMs: number
  feeBumpAfterMs: number
  /** Intents executed concurrently (sequential nonces, pipelined). */
  maxInFlight: number
  logLevel: string
}

/** Thrown for a missing or malformed variable; the message names it and says what is expected. */
export class ConfigError extends RelayerError<'INVALID_CONFIG'> {
  override name = 'ConfigError'
  /** The environment variable that is missing or malformed. */
  readonly variable: string
  constructor(variable: string, message: string) {
    super('INVALID_CONFIG', `${variable}: ${message}`)
    this.variable = variable
  }
}

type Env = Record<string, string | undefined>

const positiveInt = (variable: string, fallback: number) => (raw: string | undefined) => {
  if (raw === undefined || raw.trim() === '') return fallback
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ConfigError(variable, `expected a non-negative integer, got "${raw}"`)
  return n
}

const urlSchema = z.url({ protocol: /^https?$/ })

function required(env: Env, variable: string, what: string): string {
  const value = env[variable]?.trim()
  if (!value) throw new ConfigError(variable, `required: ${what}`)
  return value
}

function httpUrl(variable: string, value: string): string {
  if (!urlSchema.safeParse(value).success)
    throw new ConfigError(variable, `expected an http(s) URL, got "${value}"`)
  return value.replace(/\/+$/, '')
}

function chainIdOf(variable: string, raw: string): number {
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n <= 0) throw new ConfigError(variable, `"${raw}" is not a chain id`)
  return n
}

/**
 * `a=b,c=d` pairs (separated by commas or whitespace, newlines included; empty items ignored).
 * For a `secret` value a malformed item is named by its position, not shown.
 */
function pairs(variable: string, raw: string, secret = false): [string, string][] {
  return raw
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((item, index) => {
      const at = item.indexOf('=')
      if (at <= 0)
        throw new ConfigError(
          variable,
          `expected key=value items separated by commas, got ${secret ? `item ${index + 1} without "="` : `"${item}"`}`,
        )
      return [item.slice(0, at), item.slice(at + 1)]
    })
}

/**
 * `chainId=rpcUrl,…`. RPC URLs often carry an API key, so no message shows one: a wrong URL is
 * named by its chain id.
 */
function parseChains(variable: string, raw: string): Map<number, string> {
  const chains = new Map<number, string>()
  for (const [index, [id, url]] of pairs(variable, raw, true).entries()) {
    const chainId = Number(id)
    if (!/^\d+$/.test(id) || !Number.isSafeInteger(chainId) || chainId <= 0)
      throw new ConfigError(variable, `item ${index + 1}: expected a chain id before "="`)
    if (chains.has(chainId)) throw new ConfigError(variable, `chain ${chainId} is listed twice`)
    if (!urlSchema.safeParse(url).success)
      throw new ConfigError(variable, `the RPC URL of chain ${chainId} is not an http(s) URL`)
    chains.set(chainId, url.replace(/\/+$/, ''))
  }
  return chains
}

const vaultEntrySchema = z.object({
  chainId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]),
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected 0x + 40 hex digits'),
})

function parseVaults(variable: string, raw: string): Map<Hex, VaultConfig> {
  const vaults = new Map<Hex, VaultConfig>()
  let entries: [string, unknown][]
  if (raw.trim().startsWith('{')) {
    try {
      entries = Object.entries(JSON.parse(raw) as Record<string, unknown>)
    } catch {
      throw new ConfigError(
        variable,
        'not valid JSON (expected {"0x<vaultId>": {"chainId": 31337, "address": "0x…"}})',
      )
    }
  } else {
    // vaultId=chainId:address,…
    entries = pairs(variable, raw).map(([k, v]) => {
      const [chainId, address] = v.split(':')
      return [k, { chainId, address }]
    })
  }
  for (const [vaultId, value] of entries) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(vaultId))
      throw new ConfigError(variable, `"${vaultId}" is not a bytes32 vault id`)
    const parsed = vaultEntrySchema.safeParse(value)
    if (!parsed.success)
      throw new ConfigError(
        variable,
        `vault ${vaultId}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      )
    const id = vaultId.toLowerCase() as Hex
    vaults.set(id, {
      vaultId: id,
      chainId: parsed.data.chainId,
      address: getAddress(parsed.data.address.toLowerCase()),
    })
  }
  return vaults
}

/** The contents of the file at `path` (trimmed); `variable` names the setting in every error. */
function readSecretFile(variable: string, path: string): Secret {
  try {
    const value = readFileSync(path, 'utf8').trim()
    if (!value) throw new ConfigError(variable, `the file ${path} is empty`)
    return new Secret(value)
  } catch (error) {
    if (error instanceof ConfigError) throw error
    throw new ConfigError(
      variable,
      `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    )
  }
}

/** A secret and the variable it came from (`NAME` or `NAME_FILE`), for error messages. */
interface SecretSetting {
  value: Secret
  variable: string
}

/**
 * The secret `name`: the value of `NAME`, or the contents of the file `NAME_FILE` names (a Docker
 * or Kubernetes secret), surrounding whitespace trimmed. Both set is refused; an empty or unreadable
 * file is an error naming `NAME_FILE`; undefined when neither is set.
 */
function secretSetting(env: Env, name: string): SecretSetting | undefined {
  const fileVariable = `${name}_FILE`
  const file = env[fileVariable]?.trim()
  if (env[name] && file)
    throw new ConfigError(fileVariable, `set either ${name} or ${fileVariable}, not both`)
  if (file) return { value: readSecretFile(fileVariable, file), variable: fileVariable }
  const value = env[name]?.trim()
  return value ? { value: new Secret(value), variable: name } : undefined
}

/** The OAuth2 settings other than the token URL: set without it, they would be ignored. */
const OAUTH_DETAILS = [
  'CANTON_OAUTH_CLIENT_ID',
  'CANTON_OAUTH_CLIENT_SECRET',
  'CANTON_OAUTH_CLIENT_SECRET_FILE',
  'CANTON_OAUTH_AUDIENCE',
  'CANTON_OAUTH_SCOPE',
  'CANTON_OAUTH_CLIENT_AUTH',
] as const

/**
 * The Ledger API credentials: `CANTON_TOKEN(_FILE)`, or `CANTON_OAUTH_TOKEN_URL` with its client id
 * and secret (`CANTON_OAUTH_CLIENT_SECRET(_FILE)`) and optional audience, scope and client
 * authentication, the same variables as the API's. Both ways, or a partial OAuth2 set, is refused.
 */
function cantonAuthOf(env: Env): CantonAuthConfig | undefined {
  const token = secretSetting(env, 'CANTON_TOKEN')
  const tokenUrl = env.CANTON_OAUTH_TOKEN_URL?.trim()
  if (!tokenUrl) {
    const stray = OAUTH_DETAILS.find((name) => env[name]?.trim())
    if (stray)
      throw new ConfigError(stray, 'set without CANTON_OAUTH_TOKEN_URL, the token endpoint it is for')
    return token ? { kind: 'token', token: token.value } : undefined
  }
  if (token)
    throw new ConfigError(
      token.variable,
      'set one way to get Ledger API tokens, not both CANTON_TOKEN and CANTON_OAUTH_TOKEN_URL',
    )
  const clientId = env.CANTON_OAUTH_CLIENT_ID?.trim()
  if (!clientId)
    throw new ConfigError(
      'CANTON_OAUTH_CLIENT_ID',
      'required with CANTON_OAUTH_TOKEN_URL: the OAuth2 client id',
    )
  const clientSecret = secretSetting(env, 'CANTON_OAUTH_CLIENT_SECRET')
  if (!clientSecret)
    throw new ConfigError(
      'CANTON_OAUTH_CLIENT_SECRET',
      'required with CANTON_OAUTH_TOKEN_URL: the OAuth2 client secret (or CANTON_OAUTH_CLIENT_SECRET_FILE)',
    )
  const clientAuth = env.CANTON_OAUTH_CLIENT_AUTH?.trim() || 'client_secret_basic'
  if (clientAuth !== 'client_secret_basic' && clientAuth !== 'client_secret_post')
    throw new ConfigError(
      'CANTON_OAUTH_CLIENT_AUTH',
      `expected client_secret_basic or client_secret_post, got "${clientAuth.slice(0, 40)}"`,
    )
  // Kept as written (a trailing slash can be part of a token endpoint's path).
  if (!urlSchema.safeParse(tokenUrl).success)
    throw new ConfigError('CANTON_OAUTH_TOKEN_URL', `expected an http(s) URL, got "${tokenUrl}"`)
  return {
    kind: 'oauth2',
    tokenUrl,
    clientId,
    clientSecret: clientSecret.value,
    audience: env.CANTON_OAUTH_AUDIENCE?.trim() || undefined,
    scope: env.CANTON_OAUTH_SCOPE?.trim() || undefined,
    clientAuth,
  }
}

/**
 * Reads and checks the relayer's configuration from the environment. Every problem throws a
 * `ConfigError` naming the variable; secrets (database URL, Canton token, RPC URLs, key file
 * contents) are never part of a message. `DATABASE_URL`, `CANTON_TOKEN`, `CANTON_OAUTH_CLIENT_SECRET`
 * and `RELAYER_CHAINS` may instead come from a file named by `<NAME>_FILE`. See README.md for the
 * variables.
 */
export function loadConfig(env: Env = process.env): RelayerConfig {
  const relayerId = env.RELAYER_ID?.trim() || `${hostname()}-${process.pid}`
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(relayerId))
    throw new ConfigError('RELAYER_ID', 'use letters, digits, ".", "_", ":" or "-" (at most 128)')

  const etcdEndpoints = required(env, 'ETCD_ENDPOINTS', 'comma-separated etcd client URLs')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((u) => httpUrl('ETCD_ENDPOINTS', u))

  let database: JournalDatabaseConfig
  const databaseUrl = secretSetting(env, 'DATABASE_URL')
  if (databaseUrl) {
    const url = databaseUrl.value.reveal()
    if (/^postgres(ql)?:\/\//.test(url)) database = { kind: 'postgres', url }
    else if (url.startsWith('sqlite:')) database = { kind: 'sqlite', file: url.slice('sqlite:'.length) }
    else throw new ConfigError(databaseUrl.variable, 'expected postgres://… or sqlite:<file>')
  } else {
    database = { kind: 'sqlite', file: env.RELAYER_DB_PATH?.trim() || './data/relayer.sqlite' }
  }

  const cantonUrl = httpUrl('CANTON_URL', required(env, 'CANTON_URL', 'the JSON Ledger API base URL'))
  const cantonAuth = cantonAuthOf(env)
  const cantonUserId = env.CANTON_USER_ID?.trim() || undefined
  if (cantonAuth?.kind === 'oauth2' && !cantonUserId)
    throw new ConfigError(
      'CANTON_USER_ID',
      'required with CANTON_OAUTH_TOKEN_URL: the Ledger API user the tokens name in `sub`',
    )
  const operatorParty = required(env, 'OPERATOR_PARTY', 'the operator party id (hint::1220…)')
  const regulatorParty = env.REGULATOR_PARTY?.trim() || null
  if (regulatorParty !== null && !/^[^:\s]+(?::[^:\s]+)*::[0-9a-f]+$/.test(regulatorParty))
    throw new ConfigError('REGULATOR_PARTY', 'expected a party id (hint::1220…)')
  if (regulatorParty === operatorParty)
    throw new ConfigError('REGULATOR_PARTY', 'must be another party than OPERATOR_PARTY')

  const chainsSetting = secretSetting(env, 'RELAYER_CHAINS')
  if (!chainsSetting)
    throw new ConfigError('RELAYER_CHAINS', 'required: chainId=rpcUrl,… (or RELAYER_CHAINS_FILE)')
  const chains = parseChains(chainsSetting.variable, chainsSetting.value.reveal())

  const vaults = parseVaults(
    'RELAYER_VAULTS',
    required(env, 'RELAYER_VAULTS', 'vaultId=chainId:address,… or JSON'),
  )
  for (const vault of vaults.values())
    if (!chains.has(vault.chainId))
      throw new ConfigError(
        'RELAYER_VAULTS',
        `vault ${vault.vaultId} is on chain ${vault.chainId}, missing from ${chainsSetting.variable}`,
      )

  const confirmations = new Map<number, number>()
  for (const id of chains.keys()) confirmations.set(id, 1)
  for (const [id, depth] of pairs('RELAYER_CONFIRMATIONS', env.RELAYER_CONFIRMATIONS ?? '')) {
    const n = Number(depth)
    if (!Number.isSafeInteger(n) || n < 1)
      throw new ConfigError('RELAYER_CONFIRMATIONS', `"${depth}" is not a depth >= 1`)
    confirmations.set(chainIdOf('RELAYER_CONFIRMATIONS', id), n)
  }

  const signerKind = env.RELAYER_SIGNER?.trim() || 'local'
  let signer: SignerConfig
  if (signerKind === 'local') {
    signer = {
      kind: 'local',
      privateKeyFile: required(
        env,
        'RELAYER_PRIVATE_KEY_FILE',
        'file holding the 0x-hex secp256k1 key (RELAYER_SIGNER=local)',
      ),
    }
  } else if (signerKind === 'kms') {
    signer = {
      kind: 'kms',
      keyId: required(env, 'KMS_KEY_ID', 'the AWS KMS key id or ARN (ECC_SECG_P256K1)'),
      region: required(env, 'AWS_REGION', 'the AWS region of the key'),
      endpoint: env.KMS_ENDPOINT ? httpUrl('KMS_ENDPOINT', env.KMS_ENDPOINT.trim()) : undefined,
    }
  } else throw new ConfigError('RELAYER_SIGNER', `expected "local" or "kms", got "${signerKind}"`)

  const port = positiveInt('RELAYER_PORT', 9464)(env.RELAYER_PORT)
  if (port > 65535) throw new ConfigError('RELAYER_PORT', `${port} is not a port`)
  const leaseTtlSeconds = positiveInt('RELAYER_LEASE_TTL_SECONDS', 10)(env.RELAYER_LEASE_TTL_SECONDS)
  if (leaseTtlSeconds < 2) throw new ConfigError('RELAYER_LEASE_TTL_SECONDS', 'at least 2 seconds')
  const maxInFlight = positiveInt('RELAYER_MAX_IN_FLIGHT', 32)(env.RELAYER_MAX_IN_FLIGHT)
  if (maxInFlight < 1) throw new ConfigError('RELAYER_MAX_IN_FLIGHT', 'at least 1')

  return {
    relayerId,
    etcdEndpoints,
    database,
    canton: { url: cantonUrl, auth: cantonAuth, userId: cantonUserId, operatorParty, regulatorParty },
    chains,
    vaults,
    confirmations,
    signer,
    http: { host: env.RELAYER_HOST?.trim() || '127.0.0.1', port },
    leaseTtlSeconds,
    pollIntervalMs: positiveInt('RELAYER_POLL_INTERVAL_MS', 1_000)(env.RELAYER_POLL_INTERVAL_MS) || 1_000,
    feeBumpAfterMs: positiveInt('RELAYER_FEE_BUMP_AFTER_MS', 30_000)(env.RELAYER_FEE_BUMP_AFTER_MS),
    maxInFlight,
    logLevel: env.RELAYER_LOG_LEVEL?.trim() || 'info',
  }
}
