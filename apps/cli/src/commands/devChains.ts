import { join } from 'node:path'
import type { DevNetwork } from '@stratos/api/dev'
import type { LocalChain } from '@stratos/chains'
import type { AnvilNode } from '@stratos/chains/anvil'
import { startBitcoinLocalChain } from '@stratos/chains/bitcoin-local'
import { startEvmLocalChain } from '@stratos/chains/evm-local'
import { startSolanaLocalChain } from '@stratos/chains/solana-local'
import { startTonLocalChain } from '@stratos/chains/ton-local'
import { startTronLocalChain } from '@stratos/chains/tron-local'

/** The local chains of `stratos dev`, as networks of the instance and by network id for the faucets. */
export interface DevChains {
  /** The first EVM chain: `EVM_RPC_URL` of the instance, where the DeFi stack and relayer live. */
  anvil: AnvilNode
  networks: DevNetwork[]
  byNetwork: ReadonlyMap<string, LocalChain>
  stop(): Promise<void>
}

/** A regtest miner's pace: a block every 5 s, so a send shows pending, then confirmed. */
const BITCOIN_BLOCK_MS = 5_000

/** The second EVM chain's id: another chain for the wallet, and one a transfer of the first cannot replay on. */
const SECOND_EVM_CHAIN_ID = 31338

/**
 * Starts every local chain at once: anvil (chain 31337, its state in `<data>/anvil-state.json`)
 * and a second anvil (31338, `<data>/anvil-2-state.json`), each with the test ERC-20 tUSDC;
 * Solana (litesvm) with an SPL USDC; TON (@ton/sandbox) with a USDT jetton; and the stand-ins for
 * Bitcoin regtest (a block mined every 5 s) and TRON (TRC-20 on an anvil of its own). Only the
 * anvils keep state across runs.
 * If one fails to start, the others are stopped and the error is thrown.
 */
export async function startDevChains(dataDir: string): Promise<DevChains> {
  const starts = [
    {
      id: 'evm-31337',
      name: 'Anvil',
      symbol: 'ETH',
      decimals: 18,
      start: () => startEvmLocalChain({ statePath: join(dataDir, 'anvil-state.json') }),
    },
    {
      id: `evm-${SECOND_EVM_CHAIN_ID}`,
      name: 'Anvil 2',
      symbol: 'ETH',
      decimals: 18,
      start: () =>
        startEvmLocalChain({ chainId: SECOND_EVM_CHAIN_ID, statePath: join(dataDir, 'anvil-2-state.json') }),
    },
    {
      id: 'solana-local',
      name: 'Solana (local)',
      symbol: 'SOL',
      decimals: 9,
      start: () => startSolanaLocalChain(),
    },
    {
      id: 'bitcoin-regtest',
      name: 'Bitcoin regtest',
      symbol: 'BTC',
      decimals: 8,
      start: async () => {
        const chain = await startBitcoinLocalChain()
        const miner = setInterval(() => chain.mine(1), BITCOIN_BLOCK_MS)
        return {
          ...chain,
          stop: () => {
            clearInterval(miner)
            return chain.stop()
          },
        }
      },
    },
    {
      id: 'tron-local',
      name: 'TRON local',
      symbol: 'TRX',
      decimals: 6,
      start: () => startTronLocalChain(),
    },
    { id: 'ton-local', name: 'TON local', symbol: 'TON', decimals: 9, start: () => startTonLocalChain() },
  ] as const
  const settled = await Promise.allSettled(starts.map((s) => s.start()))
  const started = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
  const stop = async () => {
    await Promise.allSettled(started.map((chain) => chain.stop()))
  }
  const failed = settled.find((r) => r.status === 'rejected')
  if (failed) {
    await stop()
    throw failed.reason
  }
  const chains = settled.map((r) => (r as PromiseFulfilledResult<LocalChain>).value)
  const networks: DevNetwork[] = starts.map((s, i) => ({
    id: s.id,
    family: chains[i]!.family,
    name: s.name,
    networkId: chains[i]!.networkId,
    nativeSymbol: s.symbol,
    nativeDecimals: s.decimals,
    endpoint: chains[i]!.endpoint,
    tokens: chains[i]!.tokens,
  }))
  const first = chains[0]!
  return {
    anvil: {
      rpcUrl: first.endpoint,
      port: Number(new URL(first.endpoint).port),
      chainId: Number(first.networkId),
      stop: () => first.stop(),
    },
    networks,
    byNetwork: new Map(starts.map((s, i) => [s.id, chains[i]!])),
    stop,
  }
}
