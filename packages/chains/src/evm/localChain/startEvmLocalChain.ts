import {
  type Address,
  createPublicClient,
  createWalletClient,
  getAddress,
  getContractAddress,
  type Hash,
  http,
  isAddress,
} from 'viem'
import type { TokenRef } from '../../ChainAdapter.js'
import type { LocalChain } from '../../LocalChain.js'
import { checkLocalTokenSpecs } from '../../localTokenSpecs.js'
import { evmChain } from '../evmChain.js'
import { startAnvil } from '../startAnvil.js'
import { testERC20Abi, testERC20Bytecode } from './testERC20.js'

/**
 * Anvil's dev account 9 (of the public "test test … junk" mnemonic), unlocked on every fresh
 * anvil: it deploys the token and pays the faucet. Not account 0, which the relayer and the DeFi
 * dev stack sign with, so faucet transfers never race their nonces.
 */
export const EVM_FAUCET_ADDRESS: Address = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720'

export interface StartEvmLocalChainOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number
  /** Chain id; 31337 when omitted (run a second chain as e.g. 31338). */
  chainId?: number
  /** File that keeps the chain across restarts (anvil `--state`); the tokens are found again there. */
  statePath?: string
  /**
   * The ERC-20s deployed at start, in this order, by the faucet's first transactions; one,
   * tUSDC with 6 decimals, when omitted. `name` is the symbol when omitted.
   */
  tokens?: readonly { name?: string; symbol: string; decimals: number }[]
}

const DEFAULT_TOKENS = [{ name: 'Test USD Coin', symbol: 'tUSDC', decimals: 6 }] as const

export interface EvmLocalChain extends LocalChain {
  /** The account that deployed the tokens and pays the faucet (unlocked on the node). */
  faucet: Address
}

/**
 * A local EVM chain: a real anvil node (Foundry's Rust EVM, the npm package `@foundry-rs/anvil`)
 * with ERC-20s (`TestERC20`, anyone may mint) deployed at start, and a faucet that sends ETH
 * or mints a token. Each transaction is mined at once (anvil's automine). Node only.
 */
export async function startEvmLocalChain(options: StartEvmLocalChainOptions = {}): Promise<EvmLocalChain> {
  const specs = checkLocalTokenSpecs(options.tokens ?? DEFAULT_TOKENS, 'startEvmLocalChain')
  const node = await startAnvil({
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.chainId !== undefined ? { chainId: options.chainId } : {}),
    ...(options.statePath !== undefined ? { statePath: options.statePath } : {}),
  })
  try {
    const chain = evmChain({ id: node.chainId, rpcUrl: node.rpcUrl, name: `anvil-${node.chainId}` })
    const publicClient = createPublicClient({ chain, transport: http(node.rpcUrl), pollingInterval: 50 })
    const wallet = createWalletClient({ chain, transport: http(node.rpcUrl), account: EVM_FAUCET_ADDRESS })

    async function mined(hash: Hash, what: string) {
      const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 30_000 })
      if (receipt.status !== 'success') throw new Error(`${what} reverted (transaction ${hash})`)
      return receipt
    }

    // Token i is the faucet's transaction i: with a state file, it is already there.
    const tokens: TokenRef[] = []
    for (const [i, spec] of specs.entries()) {
      let address = getContractAddress({ from: EVM_FAUCET_ADDRESS, nonce: BigInt(i) })
      if (await publicClient.getCode({ address })) {
        const symbol = await publicClient.readContract({ address, abi: testERC20Abi, functionName: 'symbol' })
        if (symbol !== spec.symbol)
          throw new Error(
            `startEvmLocalChain: the state file holds ${symbol} at ${address}, where ${spec.symbol} was asked; start with the tokens it was made with, or a new state file`,
          )
      } else {
        const hash = await wallet.deployContract({
          abi: testERC20Abi,
          bytecode: testERC20Bytecode,
          args: [spec.name ?? spec.symbol, spec.symbol, spec.decimals],
        })
        const receipt = await mined(hash, `deploying ${spec.symbol}`)
        if (!receipt.contractAddress) throw new Error(`deploying ${spec.symbol} created no contract`)
        address = getAddress(receipt.contractAddress)
      }
      tokens.push({ address, symbol: spec.symbol, decimals: spec.decimals })
    }

    return {
      family: 'evm',
      endpoint: node.rpcUrl,
      networkId: String(node.chainId),
      tokens,
      faucet: EVM_FAUCET_ADDRESS,
      async fund(address, amount, tokenAddressAsked) {
        if (!isAddress(address, { strict: false })) throw new Error(`fund: not an EVM address: ${address}`)
        if (amount <= 0n) throw new Error('fund: the amount must be more than zero')
        const to = getAddress(address)
        if (tokenAddressAsked !== undefined) {
          const token = tokens.find((t) => t.address.toLowerCase() === tokenAddressAsked.toLowerCase())
          if (!token) {
            throw new Error(
              `fund: ${tokenAddressAsked} is not a token of this chain (${tokens.map((t) => t.address).join(', ')})`,
            )
          }
          const hash = await wallet.writeContract({
            address: token.address as Address,
            abi: testERC20Abi,
            functionName: 'mint',
            args: [to, amount],
          })
          await mined(hash, `minting ${token.symbol}`)
          return { txId: hash }
        }
        // A dev node: top the faucet up rather than run dry (10 000 ETH at start).
        const balance = await publicClient.getBalance({ address: EVM_FAUCET_ADDRESS })
        if (balance < amount + 10n ** 18n) {
          await publicClient.request({
            method: 'anvil_setBalance' as never,
            params: [EVM_FAUCET_ADDRESS, `0x${(balance + amount + 10n ** 22n).toString(16)}`] as never,
          })
        }
        const hash = await wallet.sendTransaction({ to, value: amount })
        await mined(hash, 'sending ETH')
        return { txId: hash }
      },
      stop: () => node.stop(),
    }
  } catch (error) {
    await node.stop()
    throw error
  }
}
