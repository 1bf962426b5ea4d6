import type { ChainAdapter, ChainFamily, LocalChain, UpstreamAllowlist } from '@stratos/chains'
import type { Database } from '@stratos/db/portable'
import type { Kysely } from 'kysely'
import type { CantonConnection, CurrentCanton } from './canton/cantonConnection.js'
import type { NetworkConnection } from './chains/chainFamilies.js'
import type { ApiConfig } from './config.js'
import type { RateLimiter } from './http/rateLimit.js'
import type { Logger } from './logging.js'
import type { ApiMetrics } from './metrics/apiMetrics.js'
import type { OperatorSession, OperatorSessions } from './sessions/operatorSessions.js'
import type { AuthSession, Sessions } from './sessions/sessions.js'

/** What `stratos dev` learns of a vault the dev route deployed (to add it to its relayer). */
export interface DevVaultDeployed {
  partyId: string
  chainId: number
  address: `0x${string}`
  vaultId: `0x${string}`
}

/** What every feature router is built from. */
export interface AppDeps {
  db: Kysely<Database>
  config: ApiConfig
  logger: Logger
  /** The current time; injectable so tests can expire challenges and sessions. */
  clock: () => Date
  sessions: Sessions
  /** Sessions of operators signed in through OIDC: admin routes only, never a wallet. */
  operatorSessions: OperatorSessions
  /** Request counters of the routes whose contract names a `rateLimit` (applied by `createRouter`). */
  rateLimiter: RateLimiter
  /** The admin-set Canton connection, else CANTON_* (handlers use `c.var.canton`, one per request). */
  cantonConnection: CantonConnection
  /**
   * Check every response body against its route's contract schema before sending it (tests turn it
   * on, so a handler that drifts from the contract fails them; off in production).
   */
  checkResponses: boolean
  /** True once the server is shutting down: `/readyz` then answers 503 so traffic moves elsewhere. */
  isDraining: () => boolean
  /** Dev mode: told of each vault `POST /api/dev/defi-vault` deployed (`stratos dev` adds it to its relayer). */
  onDevVaultDeployed?: ((vault: DevVaultDeployed) => void | Promise<void>) | undefined
  /**
   * Dev mode: the local chains `stratos dev` runs, by network id, for `POST /api/dev/chains/:id/faucet`.
   * Absent (every production app), that faucet answers 404 for every network.
   */
  devChains?: ReadonlyMap<string, LocalChain> | undefined
  /** Where features count what they do (sign-ins…); absent, nothing is recorded. */
  metrics?: ApiMetrics | undefined
  /** fetch for the EVM node: timed into `metrics` when they are set. */
  evmFetch: typeof fetch
  /**
   * An adapter for a network's endpoint, for the checks before a network or token is saved; throws
   * 503 CHAIN_FAMILY_UNSUPPORTED for a family the app has no adapter for.
   */
  chainAdapter: (network: NetworkConnection) => ChainAdapter
  /** What a browser may ask a family's upstream through `/api/chains/:networkId` (same 503). */
  upstreamAllowlist: (family: ChainFamily) => UpstreamAllowlist
}

/** Hono environment of the app: per-request variables set by middleware. */
export interface AppEnv {
  Variables: {
    /** A wallet user's session: set by `requireSession`, and by `requireAdmin` for an admin user. */
    auth: AuthSession
    /** An operator's session (OIDC): set by `requireAdmin` only, so no wallet route ever sees one. */
    operator: OperatorSession
    /** This request's id (a UUID of ours), sent as X-Request-Id and logged with every line. */
    requestId: string
    /** The client's IP address (behind trusted proxies, the one they report), when the runtime says. */
    clientIp: string | undefined
    /** The Canton connection of this request, resolved on first use (set by `cantonPerRequest`). */
    canton: () => Promise<CurrentCanton>
    /** The user id to log with the request line, once known. */
    logUserId: string
    /** The error code to log with the request line, when the response is an error. */
    logErrorCode: string
  }
}

/** What the Node adapter (`node.ts`) tells the app about the connection of a request. */
export interface ConnectionBindings {
  /** The address of the peer that connected (a proxy, when there is one). */
  remoteAddress?: string | undefined
}
