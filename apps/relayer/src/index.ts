/**
 * `@stratos/relayer`: the Canton DeFi relayer, as the CLI and deployments run it. `runRelayer`
 * runs one relayer configured by environment variables until SIGTERM; `loadConfig` and
 * `startRelayerService` do the same in steps for a host process (the dev stack). Its parts
 * (journal, leadership, signer, chain and Canton sides) are internal; test and dev helpers are on
 * `@stratos/relayer/testing`.
 */

export { ChainError, type ChainErrorCode } from './chain/ChainError.js'
export {
  ConfigError,
  type JournalDatabaseConfig,
  loadConfig,
  type RelayerConfig,
  Secret,
  type SignerConfig,
  type VaultConfig,
} from './config.js'
export type { Relayer } from './createRelayer.js'
export {
  JournalStateError,
  type JournalStateErrorCode,
  LeadershipError,
  type LeadershipErrorCode,
  RelayerError,
  type RelayerErrorOptions,
  SignerError,
  type SignerErrorCode,
  StaleLeaderError,
} from './errors.js'
export type { HttpServer } from './http.js'
export type { RelayerMetrics } from './metrics.js'
export { runRelayer } from './runRelayer.js'
export {
  type RelayerService,
  type StartRelayerServiceOptions,
  startRelayerService,
} from './startRelayerService.js'
export type { IntentState, Journal, JournalEntry, Leadership } from './types.js'
