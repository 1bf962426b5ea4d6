/** Per-chain adapters: balances, fees, build/broadcast. Isomorphic: Node-only helpers live under `@stratos/chains/anvil`. */
export { ChainsError, type ChainsErrorCode, type ChainsErrorOptions } from './ChainsError.js'
export {
  type BroadcastTransactionParameters,
  type BroadcastTransactionReturnType,
  broadcastTransaction,
} from './evm/broadcastTransaction.js'
export type { EvmTransaction } from './evm/EvmTransaction.js'
export { type EvmChainParameters, evmChain } from './evm/evmChain.js'
export {
  type GetNativeBalanceParameters,
  type GetNativeBalanceReturnType,
  getNativeBalance,
} from './evm/getNativeBalance.js'
export {
  type ParseNativeAmountParameters,
  type ParseNativeAmountReturnType,
  parseNativeAmount,
} from './evm/parseNativeAmount.js'
export {
  type PrepareNativeTransferParameters,
  type PrepareNativeTransferReturnType,
  prepareNativeTransfer,
} from './evm/prepareNativeTransfer.js'
export {
  type WaitForTransactionParameters,
  type WaitForTransactionReturnType,
  waitForTransaction,
} from './evm/waitForTransaction.js'
