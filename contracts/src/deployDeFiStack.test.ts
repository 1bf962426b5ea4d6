import { evmChain } from '@stratos/chains'
import { ANVIL_DEV_KEY, type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  type Hex,
  hashTypedData,
  http,
  keccak256,
  maxUint256,
  type PublicClient,
  parseEventLogs,
  stringToHex,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ContractsError } from './ContractsError.js'
import { type DeFiStack, deployDeFiStack } from './deployDeFiStack.js'
import { encodeAdapterCall } from './encodeAdapterCall.js'
import { cantonDeFiVaultAbi } from './generated/cantonDeFiVault.js'
import { cantonKeyRegistryAbi } from './generated/cantonKeyRegistry.js'
import { testAavePoolAbi } from './generated/testAavePool.js'
import { testCTokenAbi } from './generated/testCToken.js'
import { testERC20Abi } from './generated/testERC20.js'
import { intentDomain } from './intentDomain.js'
import { INTENT_TYPES, type Intent } from './intentTypes.js'
import { signIntent } from './signIntent.js'

// anvil's first default account (public test key) deploys and relays; the party key is another test key.
const PARTY_SIGNER_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const PARTY = 'institution::1220aa11bb22cc33dd44ee55ff66'

describe('deployDeFiStack', () => {
  let anvil: AnvilNode
  let walletClient: WalletClient<Transport, Chain, Account>
  let publicClient: PublicClient
  let stack: DeFiStack
  const partySigner = privateKeyToAccount(PARTY_SIGNER_KEY)
  let nextIntent = 0

  beforeAll(async () => {
    anvil = await startAnvil()
    const chain = evmChain({ id: anvil.chainId, rpcUrl: anvil.rpcUrl, name: 'anvil' })
    const transport = http(anvil.rpcUrl)
    walletClient = createWalletClient({ account: privateKeyToAccount(ANVIL_DEV_KEY), chain, transport })
    publicClient = createPublicClient({ chain, transport, pollingInterval: 50 })
    stack = await deployDeFiStack(walletClient, publicClient, { partyId: PARTY, signer: partySigner.address })
  })

  afterAll(async () => {
    await anvil?.stop()
  })

  async function signedIntent(data: Hex, adapter: Hex): Promise<{ intent: Intent; signature: Hex }> {
    const block = await publicClient.getBlock()
    const intent: Intent = {
      vaultId: stack.vaultId,
      intentId: keccak256(stringToHex(`intent-${++nextIntent}`)),
      nonce: BigInt(nextIntent),
      adapter,
      data,
      value: 0n,
      deadline: block.timestamp + 3600n,
    }
    const signature = await signIntent(partySigner, stack, intent)
    return { intent, signature }
  }

  async function execute(intent: Intent, signature: Hex) {
    const hash = await walletClient.writeContract({
      address: stack.vault,
      abi: cantonDeFiVaultAbi,
      functionName: 'execute',
      args: [intent, signature],
      value: intent.value,
    })
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    const [event, ...others] = parseEventLogs({
      abi: cantonDeFiVaultAbi,
      eventName: 'IntentExecuted',
      logs: receipt.logs,
    })
    expect(others).toHaveLength(0)
    expect(event?.address.toLowerCase()).toBe(stack.vault.toLowerCase())
    expect(event?.args).toEqual({
      intentId: intent.intentId,
      vaultId: stack.vaultId,
      adapter: intent.adapter,
      nonce: intent.nonce,
      selector: intent.data.slice(0, 10),
      relayer: walletClient.account.address,
    })
  }

  function balanceOf(token: Hex, owner: Hex) {
    return publicClient.readContract({
      address: token,
      abi: testERC20Abi,
      functionName: 'balanceOf',
      args: [owner],
    })
  }

  test('behavior: registers the signer for the party and binds the vault id', async () => {
    const partyKey = keccak256(stringToHex(PARTY))
    expect(
      await publicClient.readContract({
        address: stack.registry,
        abi: cantonKeyRegistryAbi,
        functionName: 'signerOf',
        args: [partyKey],
      }),
    ).toBe(partySigner.address)
    expect(await balanceOf(stack.tokens.usdc, stack.vault)).toBe(1_000_000n * 10n ** 6n)
    expect(await balanceOf(stack.tokens.weth, stack.vault)).toBe(1_000n * 10n ** 18n)
  })

  test('behavior: hashIntent on chain equals viem hashTypedData with INTENT_TYPES and intentDomain', async () => {
    const { intent } = await signedIntent(
      encodeAdapterCall({ action: 'aaveV3.supply', asset: stack.tokens.usdc, amount: 1n }),
      stack.adapters.aaveV3,
    )
    const onChain = await publicClient.readContract({
      address: stack.vault,
      abi: cantonDeFiVaultAbi,
      functionName: 'hashIntent',
      args: [intent],
    })
    const local = hashTypedData({
      domain: intentDomain(stack.chainId, stack.vault),
      types: INTENT_TYPES,
      primaryType: 'Intent',
      message: intent,
    })
    expect(onChain).toBe(local)
  })

  test('behavior: runs an Aave v3 supply and withdraw intent', async () => {
    const amount = 250n * 10n ** 6n
    const supply = await signedIntent(
      encodeAdapterCall({ action: 'aaveV3.supply', asset: stack.tokens.usdc, amount }),
      stack.adapters.aaveV3,
    )
    await execute(supply.intent, supply.signature)
    const supplied = () =>
      publicClient.readContract({
        address: stack.protocols.aavePool,
        abi: testAavePoolAbi,
        functionName: 'supplied',
        args: [stack.tokens.usdc, stack.vault],
      })
    expect(await supplied()).toBe(amount)
    const withdraw = await signedIntent(
      encodeAdapterCall({ action: 'aaveV3.withdraw', asset: stack.tokens.usdc, amount: maxUint256 }),
      stack.adapters.aaveV3,
    )
    await execute(withdraw.intent, withdraw.signature)
    expect(await supplied()).toBe(0n)
    expect(
      await publicClient.readContract({
        address: stack.vault,
        abi: cantonDeFiVaultAbi,
        functionName: 'isIntentUsed',
        args: [withdraw.intent.intentId],
      }),
    ).toBe(true)
  })

  test('behavior: runs a Uniswap v3 exact-input swap intent', async () => {
    const before = await balanceOf(stack.tokens.weth, stack.vault)
    const { intent, signature } = await signedIntent(
      encodeAdapterCall({
        action: 'uniswapV3.swapExactInputSingle',
        tokenIn: stack.tokens.usdc,
        tokenOut: stack.tokens.weth,
        fee: stack.swapFee,
        amountIn: 2000n * 10n ** 6n,
        amountOutMinimum: 99n * 10n ** 16n,
      }),
      stack.adapters.uniswapV3,
    )
    await execute(intent, signature)
    // 1 tWETH less the 0.3% pool fee.
    expect((await balanceOf(stack.tokens.weth, stack.vault)) - before).toBe(997n * 10n ** 15n)
  })

  test('behavior: runs a Compound v2 supply and redeem intent', async () => {
    const supply = await signedIntent(
      encodeAdapterCall({
        action: 'compoundV2.supply',
        cToken: stack.protocols.cUsdc,
        amount: 100n * 10n ** 6n,
      }),
      stack.adapters.compoundV2,
    )
    await execute(supply.intent, supply.signature)
    const cBalance = await publicClient.readContract({
      address: stack.protocols.cUsdc,
      abi: testCTokenAbi,
      functionName: 'balanceOf',
      args: [stack.vault],
    })
    expect(cBalance).toBe(5_000n * 10n ** 6n)
    const redeem = await signedIntent(
      encodeAdapterCall({
        action: 'compoundV2.redeem',
        cToken: stack.protocols.cUsdc,
        cTokenAmount: cBalance,
      }),
      stack.adapters.compoundV2,
    )
    await execute(redeem.intent, redeem.signature)
  })

  test('error: refuses a protocols.swapRouter that has no code, before deploying anything', async () => {
    const nonce = await publicClient.getTransactionCount({ address: walletClient.account.address })
    const error = await deployDeFiStack(walletClient, publicClient, {
      partyId: PARTY,
      signer: partySigner.address,
      protocols: { swapRouter: partySigner.address },
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractsError)
    expect(error).toMatchObject({
      code: 'INVALID_ADDRESS',
      shortMessage: expect.stringMatching(/no contract code/),
    })
    expect(await publicClient.getTransactionCount({ address: walletClient.account.address })).toBe(nonce)
  })

  test('error: a replayed intent reverts with IntentAlreadyUsed', async () => {
    const { intent, signature } = await signedIntent(
      encodeAdapterCall({ action: 'aaveV3.supply', asset: stack.tokens.usdc, amount: 1n }),
      stack.adapters.aaveV3,
    )
    await execute(intent, signature)
    await expect(
      publicClient.simulateContract({
        account: walletClient.account,
        address: stack.vault,
        abi: cantonDeFiVaultAbi,
        functionName: 'execute',
        args: [intent, signature],
      }),
    ).rejects.toThrow(/IntentAlreadyUsed/)
  })
})

describe('intentDomain', () => {
  test('error: refuses a malformed vault address', () => {
    expect(() => intentDomain(1, '0x1234')).toThrow(/20-byte address/)
  })
})
