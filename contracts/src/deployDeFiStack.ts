import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hash,
  type Hex,
  isAddress,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { ADAPTER_SELECTORS } from './adapterSelectors.js'
import { ContractsError } from './ContractsError.js'
import { aaveV3AdapterAbi, aaveV3AdapterBytecode } from './generated/aaveV3Adapter.js'
import { cantonDeFiVaultAbi, cantonDeFiVaultBytecode } from './generated/cantonDeFiVault.js'
import { cantonKeyRegistryAbi, cantonKeyRegistryBytecode } from './generated/cantonKeyRegistry.js'
import { compoundV2AdapterAbi, compoundV2AdapterBytecode } from './generated/compoundV2Adapter.js'
import { testAavePoolAbi, testAavePoolBytecode } from './generated/testAavePool.js'
import { testCTokenAbi, testCTokenBytecode } from './generated/testCToken.js'
import { testERC20Abi, testERC20Bytecode } from './generated/testERC20.js'
import { testSwapRouterAbi, testSwapRouterBytecode } from './generated/testSwapRouter.js'
import { uniswapV3AdapterAbi, uniswapV3AdapterBytecode } from './generated/uniswapV3Adapter.js'

/** Fee tier of the test swap pools (0.3%, in hundredths of a bip). */
export const TEST_SWAP_FEE = 3000

export interface DeployDeFiStackOptions {
  /** The Canton party whose intents the vault runs. */
  partyId: string
  /** The party's intent signer registered in the key registry (an EOA, or an ERC-1271 contract). */
  signer: Address
  /** Test tokens minted to the vault. Defaults: 1,000,000 tUSDC and 1,000 tWETH. */
  fund?: { usdc?: bigint; weth?: bigint }
  /**
   * Real protocol contracts to wire the adapters to instead of test protocols. `swapRouter`: a Uniswap v3
   * (v3-periphery) SwapRouter for the UniswapV3Adapter; no TestSwapRouter is then deployed, and the caller
   * provides the pools (e.g. tUSDC/tWETH at `swapFee`, with liquidity) after deployment.
   */
  protocols?: { swapRouter?: Address }
}

export interface DeFiStack {
  chainId: number
  partyId: string
  /** CantonKeyRegistry, owned by the deployer. */
  registry: Address
  /** CantonDeFiVault, owned by the deployer. */
  vault: Address
  /** `vault.vaultId()`. */
  vaultId: Hex
  /** Block of the vault's deployment (where to start looking for its events). */
  vaultDeployBlock: bigint
  /** Whitelisted adapters (with ADAPTER_SELECTORS). */
  adapters: { aaveV3: Address; uniswapV3: Address; compoundV2: Address }
  /** Test protocols (not the real Aave/Uniswap/Compound; see contracts/README.md), or the real ones given. */
  protocols: {
    aavePool: Address
    /** TestSwapRouter, or `options.protocols.swapRouter`. */
    swapRouter: Address
    /** TestCToken over tUSDC; 1 tUSDC unit mints 50 cToken units. */
    cUsdc: Address
  }
  /** Test tokens (anyone can mint): tUSDC (6 decimals), tWETH (18 decimals). */
  tokens: { usdc: Address; weth: Address }
  /** Fee tier of the test swap pools; with the TestSwapRouter the price is 1 tWETH = 2000 tUSDC both ways. */
  swapFee: number
}

/**
 * Deploys the Canton DeFi stack on a dev/test chain (anvil): key registry, vault for `partyId`, the three
 * adapters, test protocols (Aave pool, swap router with tUSDC/tWETH liquidity, cToken) and test tokens;
 * `options.protocols` swaps a test protocol for a real deployment (so far the Uniswap v3 SwapRouter);
 * registers `signer` for the party, whitelists the adapters' selectors and funds the vault.
 * The wallet client's account pays and owns everything. For tests and local development only.
 */
export async function deployDeFiStack(
  walletClient: WalletClient<Transport, Chain, Account>,
  publicClient: PublicClient,
  options: DeployDeFiStackOptions,
): Promise<DeFiStack> {
  const account = walletClient.account
  const chain = walletClient.chain

  async function confirmed(hash: Hash, what: string) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') {
      throw new ContractsError('TRANSACTION_REVERTED', `${what} reverted`, { details: `transaction ${hash}` })
    }
    return receipt
  }

  async function deployed(hash: Hash, what: string): Promise<{ address: Address; block: bigint }> {
    const receipt = await confirmed(hash, `deploying ${what}`)
    if (!receipt.contractAddress) {
      throw new ContractsError('DEPLOY_FAILED', `deploying ${what} created no contract`, {
        details: `transaction ${hash}`,
      })
    }
    // Receipts carry lower-case addresses; hand out checksummed ones.
    return { address: getAddress(receipt.contractAddress), block: receipt.blockNumber }
  }

  /** An existing contract passed in `options`: checked to be an address with code. */
  async function existing(address: Address, what: string): Promise<{ address: Address }> {
    if (!isAddress(address, { strict: false })) {
      throw new ContractsError(
        'INVALID_ADDRESS',
        `${what} must be a 0x-prefixed 20-byte address, got ${address}`,
      )
    }
    const code = await publicClient.getCode({ address })
    if (!code || code === '0x') {
      throw new ContractsError('INVALID_ADDRESS', `${what} has no contract code on chain ${chain.id}`, {
        details: `address ${address}`,
      })
    }
    return { address: getAddress(address) }
  }

  // Checked before anything is deployed.
  const realSwapRouter = options.protocols?.swapRouter
    ? await existing(options.protocols.swapRouter, 'protocols.swapRouter')
    : undefined

  const registry = await deployed(
    await walletClient.deployContract({
      account,
      chain,
      abi: cantonKeyRegistryAbi,
      bytecode: cantonKeyRegistryBytecode,
    }),
    'CantonKeyRegistry',
  )
  const vault = await deployed(
    await walletClient.deployContract({
      account,
      chain,
      abi: cantonDeFiVaultAbi,
      bytecode: cantonDeFiVaultBytecode,
      args: [registry.address, options.partyId],
    }),
    'CantonDeFiVault',
  )
  const usdc = await deployed(
    await walletClient.deployContract({
      account,
      chain,
      abi: testERC20Abi,
      bytecode: testERC20Bytecode,
      args: ['Test USD Coin', 'tUSDC', 6],
    }),
    'TestERC20 tUSDC',
  )
  const weth = await deployed(
    await walletClient.deployContract({
      account,
      chain,
      abi: testERC20Abi,
      bytecode: testERC20Bytecode,
      args: ['Test Wrapped Ether', 'tWETH', 18],
    }),
    'TestERC20 tWETH',
  )
  const aavePool = await deployed(
    await walletClient.deployContract({
      account,
      chain,
      abi: testAavePoolAbi,
      bytecode: testAavePoolBytecode,
    }),
    'TestAavePool',
  )
  const swapRouter =
    realSwapRouter ??
    (await deployed(
      await walletClient.deployContract({
        account,
        chain,
        abi: testSwapRouterAbi,
        bytecode: testSwapRouterBytecode,
      }),
      'TestSwapRouter',
    ))
  const cUsdc = await deployed(
    await walletClient.deployContract({
      account,
      chain,
      abi: testCTokenAbi,
      bytecode: testCTokenBytecode,
      // Underlying units per cToken unit, scaled by 1e18: 0.02 (Compound's initial rate).
      args: [usdc.address, 2n * 10n ** 16n, 'Test Compound USDC', 'tcUSDC'],
    }),
    'TestCToken',
  )
  const aaveV3 = await deployed(
    await walletClient.deployContract({
      account,
      chain,
      abi: aaveV3AdapterAbi,
      bytecode: aaveV3AdapterBytecode,
      args: [aavePool.address],
    }),
    'AaveV3Adapter',
  )
  const uniswapV3 = await deployed(
    await walletClient.deployContract({
      account,
      chain,
      abi: uniswapV3AdapterAbi,
      bytecode: uniswapV3AdapterBytecode,
      args: [swapRouter.address],
    }),
    'UniswapV3Adapter',
  )
  const compoundV2 = await deployed(
    await walletClient.deployContract({
      account,
      chain,
      abi: compoundV2AdapterAbi,
      bytecode: compoundV2AdapterBytecode,
    }),
    'CompoundV2Adapter',
  )

  const write = async (hash: Promise<Hash>, what: string) => confirmed(await hash, what)
  await write(
    walletClient.writeContract({
      account,
      chain,
      address: registry.address,
      abi: cantonKeyRegistryAbi,
      functionName: 'registerKey',
      args: [options.partyId, options.signer],
    }),
    'registerKey',
  )
  const adapters = [
    [aaveV3.address, ADAPTER_SELECTORS.aaveV3],
    [uniswapV3.address, ADAPTER_SELECTORS.uniswapV3],
    [compoundV2.address, ADAPTER_SELECTORS.compoundV2],
  ] as const
  for (const [adapter, selectors] of adapters) {
    await write(
      walletClient.writeContract({
        account,
        chain,
        address: vault.address,
        abi: cantonDeFiVaultAbi,
        functionName: 'setAdapter',
        args: [adapter, selectors, true],
      }),
      'setAdapter',
    )
  }

  // TestSwapRouter pools: 1 tWETH = 2000 tUSDC. Prices are per smallest unit, scaled by 1e18.
  const e18 = 10n ** 18n
  const prices = realSwapRouter
    ? []
    : ([
        [usdc.address, weth.address, (e18 * e18) / (2000n * 10n ** 6n)],
        [weth.address, usdc.address, (2000n * 10n ** 6n * e18) / e18],
      ] as const)
  for (const [tokenIn, tokenOut, price] of prices) {
    await write(
      walletClient.writeContract({
        account,
        chain,
        address: swapRouter.address,
        abi: testSwapRouterAbi,
        functionName: 'setPrice',
        args: [tokenIn, tokenOut, TEST_SWAP_FEE, price],
      }),
      'setPrice',
    )
  }
  const routerReserves = realSwapRouter
    ? []
    : ([
        [usdc.address, swapRouter.address, 100_000_000n * 10n ** 6n],
        [weth.address, swapRouter.address, 100_000n * e18],
      ] as const)
  const mints = [
    ...routerReserves,
    [usdc.address, vault.address, options.fund?.usdc ?? 1_000_000n * 10n ** 6n],
    [weth.address, vault.address, options.fund?.weth ?? 1_000n * e18],
  ] as const
  for (const [token, to, amount] of mints) {
    if (amount === 0n) continue
    await write(
      walletClient.writeContract({
        account,
        chain,
        address: token,
        abi: testERC20Abi,
        functionName: 'mint',
        args: [to, amount],
      }),
      'mint',
    )
  }

  const vaultId = await publicClient.readContract({
    address: vault.address,
    abi: cantonDeFiVaultAbi,
    functionName: 'vaultId',
  })
  return {
    chainId: chain.id,
    partyId: options.partyId,
    registry: registry.address,
    vault: vault.address,
    vaultId,
    vaultDeployBlock: vault.block,
    adapters: { aaveV3: aaveV3.address, uniswapV3: uniswapV3.address, compoundV2: compoundV2.address },
    protocols: { aavePool: aavePool.address, swapRouter: swapRouter.address, cUsdc: cUsdc.address },
    tokens: { usdc: usdc.address, weth: weth.address },
    swapFee: TEST_SWAP_FEE,
  }
}
