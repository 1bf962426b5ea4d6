import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import {
  createLedgerApiToken,
  createLedgerApiTokenVerifier,
  type LedgerApiAuthService,
  PARTICIPANT_AUDIENCE_PREFIX,
} from './auth/ledgerApiToken.js'
import { CantonError } from './CantonError.js'
import { createDevnetApp } from './createDevnetApp.js'
import type { DevnetContext } from './DevnetContext.js'
import { TemplateRegistry } from './engine/TemplateRegistry.js'
import { LedgerService } from './LedgerService.js'
import { LedgerStore, type RightRecord } from './store/LedgerStore.js'
import { registerDeFiIntent } from './templates/registerDeFiIntent.js'
import { registerTokenStandard } from './templates/registerTokenStandard.js'

/** Canton's default admin user. */
export const ADMIN_USER = 'participant_admin'

export interface StartCantonDevnetOptions {
  /** Port on `host`; 0 (default) picks a free one. */
  port?: number
  host?: string
  /** Folder for the SQLite ledger; without it the ledger lives in memory. */
  dataDir?: string
  /**
   * Secret of the default `unsafe-jwt-hmac-256` auth service (HS256 tokens, which `tokenFor` and
   * `adminToken` mint); generated (and persisted with dataDir) when absent. Unused with `authServices`.
   */
  jwtSecret?: string
  /**
   * How Ledger API tokens are checked, like Canton's `canton.participants.<p>.ledger-api.auth-services`:
   * the first service accepting a token wins. Default: one `unsafe-jwt-hmac-256` service with
   * `jwtSecret`. Give `[{ type: 'jwt-jwks', url, targetAudience }]` to accept only tokens of an
   * identity provider, as a production participant does (then `tokenFor` and `adminToken` throw).
   */
  authServices?: LedgerApiAuthService[]
  synchronizerId?: string
  /** Registers further templates and interfaces besides the built-in ones (token standard, stratos-defi). */
  configure?: (registry: TemplateRegistry) => void
  /** Clock in ms since epoch (tests move time with it). Default `Date.now`. */
  now?: () => number
  /** How long a time-dependent prepared transaction stays executable. Default 60 s. */
  ledgerTimeToleranceMs?: number
  /** A bearer token the registry API requires (as a validator's scan-proxy does); default none (public). */
  registryToken?: string
  /**
   * The most elements a list endpoint (`POST /v2/state/active-contracts`, `/v2/updates`,
   * `/v2/updates/flats`, `/v2/commands/completions`) answers with; a longer list is 413
   * JSON_API_MAXIMUM_LIST_ELEMENTS_NUMBER_REACHED. Canton's
   * `http-ledger-api.websocket-config.http-list-max-elements-limit`, default 200 as there.
   */
  httpListMaxElementsLimit?: number
}

/** Canton's default `http-list-max-elements-limit`. */
export const DEFAULT_HTTP_LIST_MAX_ELEMENTS_LIMIT = 200

/** Rights for an ad-hoc user made by `tokenFor`. */
export interface TokenRights {
  actAs?: string[]
  readAs?: string[]
  executeAs?: string[]
  readAsAnyParty?: boolean
  executeAsAnyParty?: boolean
  admin?: boolean
}

export interface CantonDevnet {
  /** Base URL, e.g. `http://127.0.0.1:7575`. */
  url: string
  /** The secret of the `unsafe-jwt-hmac-256` service that mints `tokenFor` tokens (throws when there is none). */
  readonly jwtSecret: string
  synchronizerId: string
  participantId: string
  /** The most elements a list endpoint answers with (`httpListMaxElementsLimit`). */
  httpListMaxElementsLimit: number
  registry: TemplateRegistry
  /** The Hono app, for in-process requests (`app.request(path, init)`). */
  app: ReturnType<typeof createDevnetApp>
  /** A token for `participant_admin` (ParticipantAdmin). Needs an `unsafe-jwt-hmac-256` service. */
  adminToken(): Promise<string>
  /**
   * A token for an existing user, or for an ad-hoc user holding exactly the given rights (the user
   * is created). Needs an `unsafe-jwt-hmac-256` service.
   */
  tokenFor(user: string | TokenRights): Promise<string>
  /** Creates the Ledger API user `userId` with `rights` unless it exists (e.g. the `sub` of an identity provider's tokens). */
  ensureUser(userId: string, rights?: TokenRights): void
  stop(): Promise<void>
}

const fingerprintLike = () => `1220${randomBytes(32).toString('hex')}`

function rightsOf(r: TokenRights): RightRecord[] {
  return [
    ...(r.actAs ?? []).map((party) => ({ kind: 'CanActAs' as const, party })),
    ...(r.readAs ?? []).map((party) => ({ kind: 'CanReadAs' as const, party })),
    ...(r.executeAs ?? []).map((party) => ({ kind: 'CanExecuteAs' as const, party })),
    ...(r.readAsAnyParty ? [{ kind: 'CanReadAsAnyParty' as const, party: '' }] : []),
    ...(r.executeAsAnyParty ? [{ kind: 'CanExecuteAsAnyParty' as const, party: '' }] : []),
    ...(r.admin ? [{ kind: 'ParticipantAdmin' as const, party: '' }] : []),
  ]
}

/**
 * Starts a local Canton participant for development and tests: the JSON Ledger API v2 subset
 * the product uses, in-process, on SQLite (persistent under `dataDir`). Not Canton: one
 * participant, one synchronizer, templates written in TypeScript (see README of the package).
 */
export async function startCantonDevnet(options: StartCantonDevnetOptions = {}): Promise<CantonDevnet> {
  const listMaxElements = options.httpListMaxElementsLimit ?? DEFAULT_HTTP_LIST_MAX_ELEMENTS_LIMIT
  if (!Number.isSafeInteger(listMaxElements) || listMaxElements < 1)
    throw new CantonError(
      'INVALID_ARGUMENT',
      `httpListMaxElementsLimit: expected a positive integer, got ${String(options.httpListMaxElementsLimit)}`,
    )
  const registry = new TemplateRegistry()
  registerTokenStandard(registry)
  registerDeFiIntent(registry)
  options.configure?.(registry)

  let filename = ':memory:'
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true })
    filename = join(options.dataDir, 'canton-devnet.sqlite')
  }
  const store = new LedgerStore(registry, filename)
  const persisted = (key: string, make: () => string, given?: string) => {
    const value = given ?? store.getMeta(key) ?? make()
    store.setMeta(key, value)
    return value
  }
  const participantId = persisted('participantId', () => `devnet-participant::${fingerprintLike()}`)
  const synchronizerId = persisted(
    'synchronizerId',
    () => `devnet-synchronizer::${fingerprintLike()}`,
    options.synchronizerId,
  )
  const authServices: LedgerApiAuthService[] = options.authServices ?? [
    {
      type: 'unsafe-jwt-hmac-256',
      secret: persisted('jwtSecret', () => randomBytes(32).toString('hex'), options.jwtSecret),
    },
  ]
  const hmac = authServices.find((s) => s.type === 'unsafe-jwt-hmac-256')
  const audience = `${PARTICIPANT_AUDIENCE_PREFIX}${participantId}`
  const now = options.now ?? Date.now
  const mint = async (userId: string) => {
    if (!hmac)
      throw new Error(
        'This devnet accepts only tokens of its jwt-jwks auth services: get tokens from the identity provider',
      )
    return createLedgerApiToken(hmac.secret, userId, hmac.targetAudience ?? audience, {
      now: now(),
      ...(hmac.targetScope ? { scope: hmac.targetScope } : {}),
    })
  }
  if (!store.getUser(ADMIN_USER)) {
    store.createUser(
      { id: ADMIN_USER, primaryParty: '', isDeactivated: false, annotations: {}, identityProviderId: '' },
      [{ kind: 'ParticipantAdmin', party: '' }],
    )
  }

  const ledger = new LedgerService(store, registry, {
    participantId,
    synchronizerId,
    now,
    ledgerTimeToleranceMs: options.ledgerTimeToleranceMs ?? 60_000,
  })
  const verifyToken = createLedgerApiTokenVerifier(authServices, { participantId, now })
  const ctx: DevnetContext = {
    store,
    registry,
    ledger,
    participantId,
    synchronizerId,
    verifyToken,
    registryToken: options.registryToken,
    listMaxElements,
  }
  const ensureUser = (userId: string, rights: TokenRights = {}, primaryParty = '') => {
    if (store.getUser(userId)) return
    store.createUser(
      { id: userId, primaryParty, isDeactivated: false, annotations: {}, identityProviderId: '' },
      rightsOf(rights),
    )
  }
  const app = createDevnetApp(ctx)

  const host = options.host ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://${host}:${port}`,
    get jwtSecret() {
      if (!hmac) throw new Error('This devnet has no unsafe-jwt-hmac-256 auth service, hence no JWT secret')
      return hmac.secret
    },
    synchronizerId,
    participantId,
    httpListMaxElementsLimit: listMaxElements,
    registry,
    app,
    adminToken: () => mint(ADMIN_USER),
    async tokenFor(user) {
      if (typeof user === 'string') {
        ensureUser(user)
        return mint(user)
      }
      const userId = `devnet-${createHash('sha256').update(JSON.stringify(user)).digest('hex').slice(0, 16)}`
      ensureUser(userId, user, user.actAs?.[0] ?? '')
      return mint(userId)
    },
    ensureUser: (userId, rights) => ensureUser(userId, rights),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          store.close()
          resolve()
        })
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      }),
  }
}
