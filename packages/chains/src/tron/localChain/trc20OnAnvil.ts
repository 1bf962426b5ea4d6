import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  decodeEventLog,
  type Hex,
  http,
  type PublicClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { evmChain } from '../../evm/evmChain.js'
import { ANVIL_DEV_KEY, type AnvilNode } from '../../evm/startAnvil.js'
import { testTrc20Abi, testTrc20Bytecode } from './testTrc20Artifact.js'

/**
 * TRC-20 execution for the TRON stand-in: the token's bytecode runs on anvil (the TVM is the EVM
 * with TRON's addresses and energy prices). A TRON address 0x41‖20 bytes is the EVM address of
 * those 20 bytes. Calls run as the TRON owner through `anvil_impersonateAccount`, which the chain
 * does only after the owner's TRON signature verified.
 */
export interface Trc20Vm {
  deploy(params: {
    name: string
    symbol: string
    decimals: number
    holder: Address
    supply: bigint
  }): Promise<Address>
  /** A read-only call (`triggerconstantcontract`): return data, or revert data, and the energy. */
  call(from: Address, to: Address, data: Hex): Promise<{ ok: boolean; returnData: Hex; energy: bigint }>
  /** Executes a signed call with at most `energyLimit` energy. */
  execute(
    from: Address,
    to: Address,
    data: Hex,
    energyLimit: bigint,
  ): Promise<{ outcome: 'SUCCESS' | 'REVERT' | 'OUT_OF_ENERGY'; energy: bigint; transfers: Trc20Log[] }>
  hasCode(address: Address): Promise<boolean>
}

export interface Trc20Log {
  token: Address
  from: Address
  to: Address
  value: bigint
}

/**
 * The EVM's intrinsic gas of a call (21 000 plus 16 per non-zero and 4 per zero calldata byte).
 * The TVM charges no such base, so energy = gas used minus this.
 */
export function intrinsicGas(data: Hex): bigint {
  let gas = 21_000n
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === '00' ? 4n : 16n
  return gas
}

/** EIP-7623's calldata floor (anvil runs Prague): no transaction's gas limit may be below it. */
function calldataFloor(data: Hex): bigint {
  let tokens = 0n
  for (let i = 2; i < data.length; i += 2) tokens += data.slice(i, i + 2) === '00' ? 1n : 4n
  return 21_000n + 10n * tokens
}

/** Anvil's block gas limit: the energy of one call is capped here. */
const MAX_GAS = 30_000_000n

export function trc20OnAnvil(node: AnvilNode): Trc20Vm {
  const chain = evmChain({ id: node.chainId, rpcUrl: node.rpcUrl, name: 'anvil' })
  const transport = http(node.rpcUrl)
  const client: PublicClient = createPublicClient({ chain, transport, pollingInterval: 50 })
  const test = createTestClient({ chain, transport, mode: 'anvil' })
  const wallet = createWalletClient({ chain, transport })

  return {
    async deploy({ name, symbol, decimals, holder, supply }) {
      const hash = await wallet.deployContract({
        account: privateKeyToAccount(ANVIL_DEV_KEY),
        abi: testTrc20Abi,
        bytecode: testTrc20Bytecode,
        args: [name, symbol, decimals, holder, supply],
      })
      const receipt = await client.waitForTransactionReceipt({ hash })
      if (!receipt.contractAddress) throw new Error('TestTRC20 deployment failed')
      return receipt.contractAddress
    },

    async call(from, to, data) {
      try {
        const { data: returnData } = await client.call({ account: from, to, data })
        const gas = await client.estimateGas({ account: from, to, data })
        const energy = gas - intrinsicGas(data)
        return { ok: true, returnData: returnData ?? '0x', energy: energy > 0n ? energy : 0n }
      } catch (error) {
        const revert = (error as { walk?: (fn: (e: unknown) => boolean) => unknown }).walk?.(
          (e) => typeof (e as { data?: unknown }).data === 'string',
        ) as { data?: Hex } | undefined
        return { ok: false, returnData: revert?.data ?? '0x', energy: 0n }
      }
    },

    async execute(from, to, data, energyLimit) {
      const intrinsic = intrinsicGas(data)
      const wanted = intrinsic + (energyLimit < MAX_GAS - intrinsic ? energyLimit : MAX_GAS - intrinsic)
      const floor = calldataFloor(data)
      const gas = wanted > floor ? wanted : floor
      await test.impersonateAccount({ address: from })
      try {
        // ETH pays anvil's gas price only; TRON's price is charged by the chain in TRX.
        await test.setBalance({ address: from, value: 10n ** 30n })
        const hash = await wallet.sendTransaction({ account: from, chain, to, data, gas })
        const receipt = await client.waitForTransactionReceipt({ hash, timeout: 20_000 })
        const used = receipt.gasUsed - intrinsic
        if (receipt.status !== 'success') {
          const outOfEnergy = receipt.gasUsed >= gas
          return {
            outcome: outOfEnergy ? 'OUT_OF_ENERGY' : 'REVERT',
            // Out of gas spends all of it: the whole energy limit is charged.
            energy: outOfEnergy ? energyLimit : used,
            transfers: [],
          }
        }
        const transfers: Trc20Log[] = []
        for (const log of receipt.logs) {
          try {
            const event = decodeEventLog({ abi: testTrc20Abi, data: log.data, topics: log.topics })
            if (event.eventName === 'Transfer')
              transfers.push({
                token: log.address,
                from: event.args.from,
                to: event.args.to,
                value: event.args.value,
              })
          } catch {
            // not a Transfer log
          }
        }
        return { outcome: 'SUCCESS', energy: used, transfers }
      } finally {
        await test.stopImpersonatingAccount({ address: from })
      }
    },

    async hasCode(address) {
      const code = await client.getCode({ address })
      return code !== undefined && code !== '0x'
    },
  }
}
