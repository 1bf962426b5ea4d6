import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CantonDevnet, startCantonDevnet } from '@stratos/canton-devnet'
import { createIntent, type DeFiScenario, setupDeFiScenario } from '@stratos/canton-devnet/testing'
import { evmChain } from '@stratos/chains'
import { ANVIL_DEV_KEY, type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import { type DeFiStack, deployDeFiStack, encodeAdapterCall, TEST_SWAP_FEE } from '@stratos/contracts'
import { type PostgresServer, startPostgres } from '@stratos/db/testing'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
  toHex,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { type EtcdServer, startEtcd } from './startEtcd.js'

export type StartDeFiStackOptions = {
  /** Journal on a throwaway PostgreSQL cluster (what a cluster of relayers shares); SQLite otherwise. */
  postgres?: boolean
}

/** One intent as the test created it on Canton. */
export type CreatedIntent = { intentId: Hex; contractId: string }

/**
 * Everything a relayer needs, for real, on loopback: etcd, anvil with the vault, adapters and test
 * protocols deployed, canton-devnet with an institution (external party) and the relayer operator
 * (hosted party), and optionally PostgreSQL. The relayer's key is fresh, funded on anvil and
 * registered in the key registry as the institution's intent signer.
 */
export type DeFiTestStack = {
  etcd: EtcdServer
  anvil: AnvilNode
  devnet: CantonDevnet
  scenario: DeFiScenario
  defi: DeFiStack
  postgres: PostgresServer | undefined
  publicClient: PublicClient
  relayerAddress: Address
  /** Folder for the key file, journals and logs; removed by `stop`. */
  dir: string
  /** Environment for `apps/relayer/src/bin.ts` (one relayer; pass a distinct id per process). */
  relayerEnv(relayerId: string, overrides?: Record<string, string>): Record<string, string>
  /**
   * Creates `count` intents on Canton (prepare -> institution's signature -> execute), rotating
   * through the three adapters, each a small action the funded vault can always afford.
   */
  createIntents(count: number, options?: { deadlineSeconds?: number }): Promise<CreatedIntent[]>
  stop(): Promise<void>
}

/** Starts the stack; `stop()` ends every server it started and removes its folder. */
export async function startDeFiStack(options: StartDeFiStackOptions = {}): Promise<DeFiTestStack> {
  const dir = mkdtempSync(join(tmpdir(), 'stratos-defi-'))
  const stoppers: (() => Promise<void>)[] = []
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => {})
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const etcd = await startEtcd()
    stoppers.push(etcd.stop)
    const anvil = await startAnvil()
    stoppers.push(anvil.stop)
    const devnet = await startCantonDevnet()
    stoppers.push(devnet.stop)
    const postgres = options.postgres ? await startPostgres() : undefined
    if (postgres) stoppers.push(postgres.stop)

    const scenario = await setupDeFiScenario(devnet)
    const chain = evmChain({ id: anvil.chainId, rpcUrl: anvil.rpcUrl, name: 'anvil' })
    const transport = http(anvil.rpcUrl)
    const publicClient = createPublicClient({ chain, transport }) as PublicClient
    const walletClient = createWalletClient({
      chain,
      transport,
      account: privateKeyToAccount(ANVIL_DEV_KEY),
    })

    const relayerKey = generatePrivateKey()
    const relayerAddress = privateKeyToAccount(relayerKey).address
    await publicClient.request({
      method: 'anvil_setBalance' as never,
      params: [relayerAddress, toHex(10n ** 21n)] as never,
    })
    const defi = await deployDeFiStack(walletClient, publicClient, {
      partyId: scenario.institution.partyId,
      signer: relayerAddress,
    })
    const keyFile = join(dir, 'relayer.key')
    writeFileSync(keyFile, relayerKey, { mode: 0o600 })

    const calls = [
      encodeAdapterCall({ action: 'aaveV3.supply', asset: defi.tokens.usdc, amount: 1_000n }),
      encodeAdapterCall({
        action: 'uniswapV3.swapExactInputSingle',
        tokenIn: defi.tokens.usdc,
        tokenOut: defi.tokens.weth,
        fee: TEST_SWAP_FEE,
        amountIn: 2_000_000n,
        amountOutMinimum: 1n,
      }),
      encodeAdapterCall({ action: 'compoundV2.supply', cToken: defi.protocols.cUsdc, amount: 1_000n }),
    ] as const
    const adapters = [defi.adapters.aaveV3, defi.adapters.uniswapV3, defi.adapters.compoundV2] as const
    let created = 0

    return {
      etcd,
      anvil,
      devnet,
      scenario,
      defi,
      postgres,
      publicClient,
      relayerAddress,
      dir,
      relayerEnv: (relayerId, overrides = {}) => ({
        RELAYER_ID: relayerId,
        ETCD_ENDPOINTS: etcd.url,
        ...(postgres
          ? { DATABASE_URL: postgres.url }
          : { RELAYER_DB_PATH: join(dir, `journal-${relayerId}.sqlite`) }),
        CANTON_URL: devnet.url,
        CANTON_TOKEN: scenario.operatorToken,
        OPERATOR_PARTY: scenario.operator,
        RELAYER_CHAINS: `${anvil.chainId}=${anvil.rpcUrl}`,
        RELAYER_VAULTS: `${defi.vaultId}=${anvil.chainId}:${defi.vault}`,
        RELAYER_CONFIRMATIONS: `${anvil.chainId}=1`,
        RELAYER_SIGNER: 'local',
        RELAYER_PRIVATE_KEY_FILE: keyFile,
        RELAYER_PORT: '0',
        ...overrides,
      }),
      async createIntents(count, { deadlineSeconds = 3_600 } = {}) {
        const out: CreatedIntent[] = []
        for (let i = 0; i < count; i++) {
          const k = created++ % 3
          const intentId = toHex(crypto.getRandomValues(new Uint8Array(32)))
          const contractId = await createIntent(scenario.client, scenario.institution, scenario.operator, {
            intentId,
            vaultId: defi.vaultId,
            chainId: anvil.chainId,
            vault: defi.vault,
            adapter: adapters[k] as Address,
            callData: calls[k] as Hex,
            value: '0',
            nonce: created,
            deadline: new Date(Date.now() + deadlineSeconds * 1_000).toISOString(),
          })
          out.push({ intentId, contractId })
        }
        return out
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
