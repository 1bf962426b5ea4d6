/**
 * Test and dev helpers of the relayer: real etcd from Debian (`startEtcd`, `hasEtcd`), the DeFi
 * test stack (etcd, anvil with the vault and adapters, canton-devnet, optionally PostgreSQL), a
 * relayer process, a partitionable TCP proxy, a mock KMS, and the local signer (to act with the
 * relayer's key in benchmarks).
 */

export { type EtcdServer, hasEtcd, type StartEtcdOptions, startEtcd } from '../dev/startEtcd.js'
export { createLocalSigner } from '../signer/createLocalSigner.js'
export { toViemAccount } from '../signer/toViemAccount.js'
export { type RelayerProcess, spawnRelayer } from './spawnRelayer.js'
export {
  type CreatedIntent,
  type DeFiTestStack,
  type StartDeFiStackOptions,
  startDeFiStack,
} from './startDeFiStack.js'
export {
  type MockKms,
  type MockKmsRequest,
  type MockKmsSignatureMode,
  type StartMockKmsParameters,
  startMockKms,
} from './startMockKms.js'
export { startTcpProxy, type TcpProxy } from './startTcpProxy.js'
