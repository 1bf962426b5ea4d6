import type { Logger } from 'pino'
import type { Hex } from 'viem'
import type { CreateRelayerParameters } from '../CreateRelayerParameters.js'
import type { VaultExecutor } from '../chain/createVaultExecutor.js'
import type { CantonIntent } from '../types.js'

/** What the parts of one leader term (intake, journal state machine, Canton reporting) share. */
export interface LeaderTerm
  extends Pick<CreateRelayerParameters, 'journal' | 'account' | 'canton' | 'chains' | 'metrics' | 'audit'> {
  /** chain id -> the term's executor (its tx sender lives as long as the term). */
  executors: Map<number, VaultExecutor>
  log: Logger
  /** Aborted when the term ends (leadership lost, stop). */
  signal: AbortSignal
  /** The term's fencing token; throws `StaleLeaderError` once leadership or the term is gone. */
  token(): bigint
  /** Why an intent cannot be executed (`UnknownVault(…)`, `IntentExpired(…)`, …), or undefined. */
  validate(intent: CantonIntent): Promise<string | undefined>
}

/** An intent's vault and chain, for audit lines written while it is in flight. */
export interface IntentLocation {
  vaultId: Hex
  chainId: number
}
