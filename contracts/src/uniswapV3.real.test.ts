import { createRequire } from 'node:module'
import { evmChain } from '@stratos/chains'
import { ANVIL_DEV_KEY, type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import {
  type Abi,
  type Account,
  type Address,
  BaseError,
  type Chain,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  decodeErrorResult,
  getAddress,
  type Hash,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  parseAbi,
  parseEventLogs,
  stringToHex,
  type Transport,
  type WalletClient,
  zeroAddress,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DeFiStack, deployDeFiStack } from './deployDeFiStack.js'
import { encodeAdapterCall } from './encodeAdapterCall.js'
import { cantonDeFiVaultAbi } from './generated/cantonDeFiVault.js'
import { testERC20Abi, testERC20Bytecode } from './generated/testERC20.js'
import { uniswapV3AdapterAbi } from './generated/uniswapV3Adapter.js'
import type { Intent } from './intentTypes.js'
import { signIntent } from './signIntent.js'

// The UniswapV3Adapter against Uniswap's own contracts, deployed on anvil from the compiled artifacts
// published on npm (@uniswap/v3-core 1.0.1, @uniswap/v3-periphery 1.4.4), not the TestSwapRouter.

const PARTY_SIGNER_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const PARTY = 'institution::1220aa11bb22cc33dd44ee55ff66'

const require = createRequire(import.meta.url)

/** Creation code and ABI of a published Uniswap contract; none of the ones used here needs linking. */
function uniswapArtifact(path: string): { abi: Abi; bytecode: Hex } {
  const artifact = require(path) as { abi: Abi; bytecode: Hex; linkReferences: Record<string, unknown> }
  if (Object.keys(artifact.linkReferences).length > 0) throw new Error(`${path} needs library linking`)
  return { abi: artifact.abi, bytecode: artifact.bytecode }
}

// What this test calls, as declared in Uniswap's interfaces (IUniswapV3Factory, IUniswapV3Pool,
// INonfungiblePositionManager, IQuoterV2); the contracts themselves come from the artifacts.
const factoryAbi = parseAbi([
  'function createPool(address tokenA, address tokenB, uint24 fee) returns (address pool)',
  'function getPool(address tokenA, address tokenB, uint24 fee) view returns (address pool)',
])
const poolAbi = parseAbi([
  'function initialize(uint160 sqrtPriceX96)',
  'function liquidity() view returns (uint128)',
  'function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16 observationIndex, uint16 observationCardinality, uint16 observationCardinalityNext, uint8 feeProtocol, bool unlocked)',
  'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)',
])
const positionManagerAbi = parseAbi([
  'struct MintParams { address token0; address token1; uint24 fee; int24 tickLower; int24 tickUpper; uint256 amount0Desired; uint256 amount1Desired; uint256 amount0Min; uint256 amount1Min; address recipient; uint256 deadline; }',
  'function mint(MintParams params) payable returns (uint256 tokenId, uint128 liquidity, uint256 amount0, uint256 amount1)',
])
const quoterAbi = parseAbi([
  'struct QuoteExactInputSingleParams { address tokenIn; address tokenOut; uint256 amountIn; uint24 fee; uint160 sqrtPriceLimitX96; }',
  'function quoteExactInputSingle(QuoteExactInputSingleParams params) returns (uint256 amountOut, uint160 sqrtPriceX96After, uint32 initializedTicksCrossed, uint256 gasEstimate)',
])

// Full range for the 0.3% tier (tick spacing 60): TickMath.MIN_TICK / MAX_TICK rounded to the spacing.
const FULL_RANGE = { tickLower: -887220, tickUpper: 887220 }

function sqrt(value: bigint): bigint {
  if (value < 2n) return value
  let x = value
  let y = (x + 1n) / 2n
  while (y < x) {
    x = y
    y = (x + value / x) / 2n
  }
  return x
}

/** The pool's Q64.96 square-root price for `amount0` of token0 worth `amount1` of token1. */
function encodeSqrtPriceX96(amount1: bigint, amount0: bigint): bigint {
  return sqrt((amount1 << 192n) / amount0)
}

describe('UniswapV3Adapter on the real Uniswap v3 contracts', () => {
  let anvil: AnvilNode
  let walletClient: WalletClient<Transport, Chain, Account>
  let publicClient: PublicClient
  let stack: DeFiStack
  let router: Address
  let quoter: Address
  let pool: Address
  const partySigner = privateKeyToAccount(PARTY_SIGNER_KEY)
  let nextIntent = 0

  async function confirmed(hash: Hash) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    return receipt
  }

  async function deploy(
    artifact: { abi: Abi; bytecode: Hex },
    args: readonly unknown[] = [],
  ): Promise<Address> {
    const receipt = await confirmed(await walletClient.deployContract({ ...artifact, args }))
    return getAddress(receipt.contractAddress ?? zeroAddress)
  }

  beforeAll(async () => {
    anvil = await startAnvil()
    const chain = evmChain({ id: anvil.chainId, rpcUrl: anvil.rpcUrl, name: 'anvil' })
    const transport = http(anvil.rpcUrl)
    walletClient = createWalletClient({ account: privateKeyToAccount(ANVIL_DEV_KEY), chain, transport })
    publicClient = createPublicClient({ chain, transport, pollingInterval: 50 })

    const factory = await deploy(
      uniswapArtifact('@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json'),
    )
    // v3-periphery ships no WETH9 artifact. The router uses WETH9 only to wrap and unwrap ETH, which the
    // adapter never does (no msg.value, recipient = vault), so a TestERC20 stands in for it.
    const weth9 = await deploy({ abi: testERC20Abi, bytecode: testERC20Bytecode }, [
      'Test WETH9',
      'tWETH9',
      18,
    ])
    router = await deploy(
      uniswapArtifact('@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json'),
      [factory, weth9],
    )
    quoter = await deploy(
      uniswapArtifact('@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json'),
      [factory, weth9],
    )
    // The token descriptor only serves tokenURI, which nothing here calls.
    const positionManager = await deploy(
      uniswapArtifact(
        '@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json',
      ),
      [factory, weth9, zeroAddress],
    )

    stack = await deployDeFiStack(walletClient, publicClient, {
      partyId: PARTY,
      signer: partySigner.address,
      protocols: { swapRouter: router },
    })

    // tUSDC/tWETH pool at 1 tWETH = 2000 tUSDC, with full-range liquidity of 2,000,000 tUSDC + 1,000 tWETH.
    const { usdc, weth } = stack.tokens
    await confirmed(
      await walletClient.writeContract({
        address: factory,
        abi: factoryAbi,
        functionName: 'createPool',
        args: [usdc, weth, stack.swapFee],
      }),
    )
    pool = await publicClient.readContract({
      address: factory,
      abi: factoryAbi,
      functionName: 'getPool',
      args: [usdc, weth, stack.swapFee],
    })
    const usdcIsToken0 = BigInt(usdc) < BigInt(weth)
    const usdcAmount = 2_000_000n * 10n ** 6n
    const wethAmount = 1_000n * 10n ** 18n
    const [token0, token1, amount0, amount1] = usdcIsToken0
      ? [usdc, weth, usdcAmount, wethAmount]
      : [weth, usdc, wethAmount, usdcAmount]
    await confirmed(
      await walletClient.writeContract({
        address: pool,
        abi: poolAbi,
        functionName: 'initialize',
        args: [encodeSqrtPriceX96(amount1, amount0)],
      }),
    )
    for (const [token, amount] of [
      [usdc, usdcAmount],
      [weth, wethAmount],
    ] as const) {
      const owner = walletClient.account.address
      await confirmed(
        await walletClient.writeContract({
          address: token,
          abi: testERC20Abi,
          functionName: 'mint',
          args: [owner, amount],
        }),
      )
      await confirmed(
        await walletClient.writeContract({
          address: token,
          abi: testERC20Abi,
          functionName: 'approve',
          args: [positionManager, amount],
        }),
      )
    }
    const block = await publicClient.getBlock()
    await confirmed(
      await walletClient.writeContract({
        address: positionManager,
        abi: positionManagerAbi,
        functionName: 'mint',
        args: [
          {
            token0,
            token1,
            fee: stack.swapFee,
            ...FULL_RANGE,
            amount0Desired: amount0,
            amount1Desired: amount1,
            amount0Min: 0n,
            amount1Min: 0n,
            recipient: walletClient.account.address,
            deadline: block.timestamp + 3600n,
          },
        ],
      }),
    )
  })

  afterAll(async () => {
    await anvil?.stop()
  })

  async function signedSwap(amountIn: bigint, amountOutMinimum: bigint) {
    const block = await publicClient.getBlock()
    const intent: Intent = {
      vaultId: stack.vaultId,
      intentId: keccak256(stringToHex(`uniswap-intent-${++nextIntent}`)),
      nonce: BigInt(nextIntent),
      adapter: stack.adapters.uniswapV3,
      data: encodeAdapterCall({
        action: 'uniswapV3.swapExactInputSingle',
        tokenIn: stack.tokens.usdc,
        tokenOut: stack.tokens.weth,
        fee: stack.swapFee,
        amountIn,
        amountOutMinimum,
      }),
      value: 0n,
      deadline: block.timestamp + 3600n,
    }
    const signature = await signIntent(partySigner, stack, intent)
    return { intent, signature }
  }

  async function quote(amountIn: bigint) {
    // QuoterV2 runs the swap and reverts with the result, so it is called, never sent.
    const { result } = await publicClient.simulateContract({
      address: quoter,
      abi: quoterAbi,
      functionName: 'quoteExactInputSingle',
      args: [
        {
          tokenIn: stack.tokens.usdc,
          tokenOut: stack.tokens.weth,
          amountIn,
          fee: stack.swapFee,
          sqrtPriceLimitX96: 0n,
        },
      ],
    })
    const [amountOut, sqrtPriceX96After] = result
    return { amountOut, sqrtPriceX96After }
  }

  function balanceOf(token: Address, owner: Address) {
    return publicClient.readContract({
      address: token,
      abi: testERC20Abi,
      functionName: 'balanceOf',
      args: [owner],
    })
  }

  test('behavior: the adapter calls the real SwapRouter, and the pool holds liquidity at 2000 tUSDC per tWETH', async () => {
    expect(stack.protocols.swapRouter).toBe(router)
    expect(
      await publicClient.readContract({
        address: stack.adapters.uniswapV3,
        abi: uniswapV3AdapterAbi,
        functionName: 'router',
      }),
    ).toBe(router)
    expect(
      await publicClient.readContract({ address: pool, abi: poolAbi, functionName: 'liquidity' }),
    ).toBeGreaterThan(0n)
    expect(await balanceOf(stack.tokens.usdc, pool)).toBeGreaterThan(1_999_999n * 10n ** 6n)
    expect(await balanceOf(stack.tokens.weth, pool)).toBeGreaterThan(999n * 10n ** 18n)
  })

  test('behavior: a signed swap intent trades 2000 tUSDC for the tWETH QuoterV2 quotes, through the pool', async () => {
    const amountIn = 2000n * 10n ** 6n
    const quoted = await quote(amountIn)
    // Spot 1 tWETH less the 0.3% fee is 0.997 tWETH; the price moves against the swap by ~0.1% of the
    // reserves it takes, so the real output lies a little below.
    expect(quoted.amountOut).toBeLessThan(997n * 10n ** 15n)
    expect(quoted.amountOut).toBeGreaterThan(995n * 10n ** 15n)

    const usdcBefore = await balanceOf(stack.tokens.usdc, stack.vault)
    const wethBefore = await balanceOf(stack.tokens.weth, stack.vault)
    // amountOutMinimum exactly at the quote: the swap must deliver all of it.
    const { intent, signature } = await signedSwap(amountIn, quoted.amountOut)
    const receipt = await confirmed(
      await walletClient.writeContract({
        address: stack.vault,
        abi: cantonDeFiVaultAbi,
        functionName: 'execute',
        args: [intent, signature],
      }),
    )

    expect(await balanceOf(stack.tokens.usdc, stack.vault)).toBe(usdcBefore - amountIn)
    expect(await balanceOf(stack.tokens.weth, stack.vault)).toBe(wethBefore + quoted.amountOut)
    // The router pulled exactly amountIn, so the adapter's approval is used up.
    expect(
      await publicClient.readContract({
        address: stack.tokens.usdc,
        abi: testERC20Abi,
        functionName: 'allowance',
        args: [stack.vault, router],
      }),
    ).toBe(0n)

    const [swap, ...otherSwaps] = parseEventLogs({ abi: poolAbi, eventName: 'Swap', logs: receipt.logs })
    expect(otherSwaps).toHaveLength(0)
    expect(getAddress(swap?.address ?? zeroAddress)).toBe(pool)
    expect(swap?.args.sender).toBe(router)
    expect(swap?.args.recipient).toBe(stack.vault)
    const usdcIsToken0 = BigInt(stack.tokens.usdc) < BigInt(stack.tokens.weth)
    const [usdcDelta, wethDelta] = usdcIsToken0
      ? [swap?.args.amount0, swap?.args.amount1]
      : [swap?.args.amount1, swap?.args.amount0]
    expect(usdcDelta).toBe(amountIn)
    expect(wethDelta).toBe(-quoted.amountOut)
    const [sqrtPriceX96] = await publicClient.readContract({
      address: pool,
      abi: poolAbi,
      functionName: 'slot0',
    })
    expect(sqrtPriceX96).toBe(quoted.sqrtPriceX96After)

    const [executed] = parseEventLogs({
      abi: cantonDeFiVaultAbi,
      eventName: 'IntentExecuted',
      logs: receipt.logs,
    })
    expect(executed?.args.intentId).toBe(intent.intentId)
  })

  test("error: amountOutMinimum above Uniswap's output reverts with AdapterCallFailed('Too little received')", async () => {
    const amountIn = 500n * 10n ** 6n
    const quoted = await quote(amountIn)
    const { intent, signature } = await signedSwap(amountIn, quoted.amountOut + 1n)
    const error = await publicClient
      .simulateContract({
        account: walletClient.account,
        address: stack.vault,
        abi: cantonDeFiVaultAbi,
        functionName: 'execute',
        args: [intent, signature],
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(BaseError)
    const reverted = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError)
    expect(reverted).toBeInstanceOf(ContractFunctionRevertedError)
    const data = (reverted as ContractFunctionRevertedError).data
    expect(data?.errorName).toBe('AdapterCallFailed')
    const inner = decodeErrorResult({ abi: [], data: data?.args?.[0] as Hex })
    expect(inner.errorName).toBe('Error')
    expect(inner.args).toEqual(['Too little received'])

    // Sent anyway (a fixed gas limit skips the estimate that would refuse it): it reverts on chain,
    // the intent stays unused and the vault keeps its tUSDC.
    const usdcBefore = await balanceOf(stack.tokens.usdc, stack.vault)
    const receipt = await publicClient.waitForTransactionReceipt({
      hash: await walletClient.writeContract({
        address: stack.vault,
        abi: cantonDeFiVaultAbi,
        functionName: 'execute',
        args: [intent, signature],
        gas: 1_000_000n,
      }),
    })
    expect(receipt.status).toBe('reverted')
    expect(await balanceOf(stack.tokens.usdc, stack.vault)).toBe(usdcBefore)
    expect(
      await publicClient.readContract({
        address: stack.vault,
        abi: cantonDeFiVaultAbi,
        functionName: 'isIntentUsed',
        args: [intent.intentId],
      }),
    ).toBe(false)
  })
})
