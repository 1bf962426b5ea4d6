/**
 * Per-chain adapters: balances, fees, build/broadcast, and chain-neutral amounts in base units
 * (`parseAmount`, `formatAmount`). Isomorphic: the local anvil starter (Node, dev and tests only;
 * needs the devDependency `@foundry-rs/anvil`) is `@stratos/chains/anvil`.
 */
export {
  type FormatAmountParameters,
  type FormatAmountReturnType,
  formatAmount,
} from './amount/formatAmount.js'
export {
  type ParseAmountErrorType,
  type ParseAmountParameters,
  type ParseAmountReturnType,
  parseAmount,
} from './amount/parseAmount.js'
export type {
  AssetBalance,
  Balances,
  ChainAdapter,
  ChainFamily,
  FeeDetail,
  FeeEstimate,
  HistoryItem,
  HistoryOptions,
  HistoryPage,
  NetworkIdentity,
  PreparedTransfer,
  SignedTransaction,
  TokenInfo,
  TokenRef,
  TonTransferRequest,
  TransactionSigner,
  TransactionState,
  TransactionStatus,
  TransferRequest,
  UnsignedTransaction,
  UpstreamAllowlist,
} from './ChainAdapter.js'
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
export type { LocalChain } from './LocalChain.js'
