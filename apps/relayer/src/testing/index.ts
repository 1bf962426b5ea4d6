/** Test helpers of the relayer: real etcd from Debian, a partitionable TCP proxy, a mock KMS. */

export { type RelayerProcess, spawnRelayer } from './spawnRelayer.js'
export {
  type CreatedIntent,
  type DeFiTestStack,
  type StartDeFiStackOptions,
  startDeFiStack,
} from './startDeFiStack.js'
export { type EtcdServer, type StartEtcdOptions, startEtcd } from './startEtcd.js'
export {
  type MockKms,
  type MockKmsRequest,
  type MockKmsSignatureMode,
  type StartMockKmsParameters,
  startMockKms,
} from './startMockKms.js'
export { startTcpProxy, type TcpProxy } from './startTcpProxy.js'
