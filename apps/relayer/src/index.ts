/**
 * `@stratos/relayer`: the Canton DeFi relayer. The service (`createRelayer`,
 * `startRelayerService`, `loadConfig`), its chain side (`createTxSender`, `createVaultExecutor`),
 * its Canton side (`createCantonGateway`), metrics, HTTP endpoints and audit log, and the seams
 * (journal, leadership, signer) built in `journal/`, `leader/`, `signer/`.
 */
export { type AuditLog, type CreateAuditLogParameters, createAuditLog, type IntentRef } from './auditLog.js'
export {
  type CantonGateway,
  type CreateCantonGatewayParameters,
  createCantonGateway,
  fallbackIntentId,
  type InvalidCantonIntent,
  outcomeCommandId,
  type ReadIntentsReturnType,
  type ReportResult,
} from './canton/createCantonGateway.js'
export {
  type ParseCantonIntentReturnType,
  parseCantonIntent,
} from './canton/parseCantonIntent.js'
export { ChainError, type ChainErrorCode } from './chain/ChainError.js'
export { bumpFee } from './chain/bumpFee.js'
export {
  type CreateTxSenderParameters,
  createTxSender,
  type SendOutcome,
  type SendRequest,
  type TxSender,
} from './chain/createTxSender.js'
export {
  type CreateVaultExecutorParameters,
  createVaultExecutor,
  type ExecutionOutcome,
  executeCalldata,
  intentStruct,
  type VaultExecutor,
} from './chain/createVaultExecutor.js'
export {
  decodeRevertData,
  decodeVaultRevert,
  VAULT_ERRORS,
  type VaultErrorName,
  type VaultRevert,
} from './chain/decodeVaultRevert.js'
export { findIntentExecution, type IntentExecution } from './chain/findIntentExecution.js'
export {
  ConfigError,
  type JournalDatabaseConfig,
  loadConfig,
  type RelayerConfig,
  Secret,
  type SignerConfig,
  type VaultConfig,
} from './config.js'
export { type EtcdServer, hasEtcd, type StartEtcdOptions, startEtcd } from './dev/startEtcd.js'
export * from './errors.js'
export {
  type HttpServer,
  type ReadinessCheck,
  type StartHttpServerParameters,
  startHttpServer,
} from './http.js'
export { createJournal, openJournal } from './journal/index.js'
export { createLeadership } from './leader/index.js'
export { createRelayerMetrics, type IntentResult, type RelayerMetrics, reasonLabel } from './metrics.js'
export { type CreateRelayerParameters, createRelayer, type Relayer, type RelayerChain } from './createRelayer.js'
export { runRelayer } from './runRelayer.js'
export { createFencedSigner, createKmsSigner, createLocalSigner, toViemAccount } from './signer/index.js'
export {
  type RelayerService,
  type StartRelayerServiceOptions,
  startRelayerService,
} from './startRelayerService.js'
export {
  type CantonIntent,
  type DigestSigner,
  FINAL_STATES,
  type IntentState,
  type Journal,
  type JournalEntry,
  type JournalTx,
  type Leadership,
} from './types.js'
