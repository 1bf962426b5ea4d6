import type { Logger } from 'pino'
import type { Hex, LocalAccount } from 'viem'
import type { AuditLog } from './auditLog.js'
import type { CantonGateway } from './canton/createCantonGateway.js'
import type { VaultConfig } from './config.js'
import type { RelayerMetrics } from './metrics.js'
import type { Journal, Leadership, RelayerChain } from './types.js'

/** What `createRelayer` is built from (and each leader term works with). */
export interface CreateRelayerParameters {
  relayerId: string
  leadership: Leadership
  journal: Journal
  /**
   * The EVM account that signs intents (EIP-712) and transactions: the fenced one
   * (`toViemAccount(createFencedSigner(...))`), which refuses to sign without leadership.
   */
  account: LocalAccount
  canton: CantonGateway
  /** chain id -> client and depth. */
  chains: Map<number, RelayerChain>
  /** vault id (lower-case) -> vault. */
  vaults: Map<Hex, VaultConfig>
  metrics: RelayerMetrics
  audit: AuditLog
  logger: Logger
  /** Canton poll interval. Default 1000 ms. */
  pollIntervalMs?: number | undefined
  /** Chain head poll interval. Default `pollIntervalMs`. */
  chainPollIntervalMs?: number | undefined
  feeBumpAfterMs?: number | undefined
  /** Intents in flight at once (sequential nonces, pipelined). Default 32. */
  maxInFlight?: number | undefined
}
