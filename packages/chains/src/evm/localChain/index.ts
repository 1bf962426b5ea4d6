/**
 * `@stratos/chains/evm-local`: a local EVM chain (anvil with an ERC-20 and a faucet) for
 * development and tests. Node only: it starts a process.
 */
export {
  EVM_FAUCET_ADDRESS,
  type EvmLocalChain,
  type StartEvmLocalChainOptions,
  startEvmLocalChain,
} from './startEvmLocalChain.js'
export { testERC20Abi, testERC20Bytecode } from './testERC20.js'
