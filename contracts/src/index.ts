/**
 * Canton DeFi contracts for TypeScript: typed ABIs and bytecode generated from the Foundry build
 * (`contracts/scripts/generate.ts`), the EIP-712 intent types and domain, adapter calldata helpers
 * (a request by token symbol and decimal amount -> the adapter call, browser-safe) and a dev/test
 * deployer.
 */
export {
  type AdapterCallForRequestErrorType,
  type AdapterCallForRequestReturnType,
  type AdapterCallRequest,
  type AdapterCallVault,
  adapterCallForRequest,
  CTOKEN_DECIMALS,
} from './adapterCallForRequest.js'
export { ADAPTER_SELECTORS } from './adapterSelectors.js'
export { ContractsError, type ContractsErrorCode, type ContractsErrorOptions } from './ContractsError.js'
export {
  type DeFiStack,
  type DeployDeFiStackOptions,
  deployDeFiStack,
  TEST_SWAP_FEE,
} from './deployDeFiStack.js'
export { type AdapterCall, encodeAdapterCall } from './encodeAdapterCall.js'
export * from './generated/index.js'
export { type IntentDomain, intentDomain } from './intentDomain.js'
export { INTENT_TYPES, type Intent } from './intentTypes.js'
export { type ParseTokenAmountErrorType, parseTokenAmount, type TokenUnit } from './parseTokenAmount.js'
export { type IntentTarget, signIntent } from './signIntent.js'
