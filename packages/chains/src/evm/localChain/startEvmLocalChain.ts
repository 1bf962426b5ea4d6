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
  /** File that keeps the chain across restarts (anvil `--state`); the token is found again there. */
  statePath?: string
  /** The ERC-20 deployed at start; tUSDC with 6 decimals when omitted. */
  token?: { name: string; symbol: string; decimals: number }
}

export interface EvmLocalChain extends LocalChain {
  /** The account that deployed the token and pays the faucet (unlocked on the node). */
  faucet: Address
}

/**
 * A local EVM chain: a real anvil node (Foundry's Rust EVM, the npm package `@foundry-rs/anvil`)
 * with an ERC-20 (`TestERC20`, anyone may mint) deployed at start, and a faucet that sends ETH
 * or mints the token. Each transaction is mined at once (anvil's automine). Node only.
 */
export async function startEvmLocalChain(options: StartEvmLocalChainOptions = {}): Promise<EvmLocalChain> {
  const node = await startAnvil({
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.chainId !== undefined ? { chainId: options.chainId } : {}),
    ...(options.statePath !== undefined ? { statePath: options.statePath } : {}),
  })
  try {
    const chain = evmChain({ id: node.chainId, rpcUrl: node.rpcUrl, name: `anvil-${node.chainId}` })
    const publicClient = createPublicClient({ chain, transport: http(node.rpcUrl), pollingInterval: 50 })
    const wallet = createWalletClient({ chain, transport: http(node.rpcUrl), account: EVM_FAUCET_ADDRESS })
    const spec = options.token ?? { name: 'Test USD Coin', symbol: 'tUSDC', decimals: 6 }

    async function mined(hash: Hash, what: string) {
      const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 30_000 })
      if (receipt.status !== 'success') throw new Error(`${what} reverted (transaction ${hash})`)
      return receipt
    }

    // The faucet's first transaction deploys the token: with a state file, it is already there.
    let tokenAddress = getContractAddress({ from: EVM_FAUCET_ADDRESS, nonce: 0n })
    if (!(await publicClient.getCode({ address: tokenAddress }))) {
      const hash = await wallet.deployContract({
        abi: testERC20Abi,
        bytecode: testERC20Bytecode,
        args: [spec.name, spec.symbol, spec.decimals],
      })
      const receipt = await mined(hash, `deploying ${spec.symbol}`)
      if (!receipt.contractAddress) throw new Error(`deploying ${spec.symbol} created no contract`)
      tokenAddress = getAddress(receipt.contractAddress)
    }
    const token: TokenRef = { address: tokenAddress, symbol: spec.symbol, decimals: spec.decimals }

    return {
      family: 'evm',
      endpoint: node.rpcUrl,
      networkId: String(node.chainId),
      tokens: [token],
      faucet: EVM_FAUCET_ADDRESS,
      async fund(address, amount, tokenAddressAsked) {
        if (!isAddress(address, { strict: false })) throw new Error(`fund: not an EVM address: ${address}`)
        if (amount <= 0n) throw new Error('fund: the amount must be more than zero')
        const to = getAddress(address)
        if (tokenAddressAsked !== undefined) {
          if (tokenAddressAsked.toLowerCase() !== tokenAddress.toLowerCase()) {
            throw new Error(`fund: ${tokenAddressAsked} is not this chain's token (${tokenAddress})`)
          }
          const hash = await wallet.writeContract({
            address: tokenAddress,
            abi: testERC20Abi,
            functionName: 'mint',
            args: [to, amount],
          })
          await mined(hash, `minting ${spec.symbol}`)
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
