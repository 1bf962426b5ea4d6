import { type EvmLocalChain, startEvmLocalChain } from '@stratos/chains/evm-local'
import { Vault } from '@stratos/keys'
import { concatHex, encodeAbiParameters, type Hex, numberToHex, toFunctionSelector } from 'viem'
import { afterAll, beforeAll } from 'vitest'
import { type EvmRequest, EvmRpcError } from '../evmRequest'

/** The public "test … junk" mnemonic: account 0 is anvil's prefunded 0xf39F…2266. Test material only. */
export const TEST_MNEMONIC = 'test test test test test test test test test test test junk'

/** `EvmRequest` straight to a node's JSON-RPC URL (tests: what the API's proxy forwards). */
export function directEvmRequest(rpcUrl: string): EvmRequest {
  let id = 1
  return async (method, params) => {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: id++, method, params }),
    })
    const answer = (await res.json()) as {
      result?: unknown
      error?: { code: number; message: string; data?: unknown }
    }
    if (answer.error) throw new EvmRpcError(answer.error.code, answer.error.message, answer.error.data)
    return answer.result
  }
}

/**
 * Creation code of a contract whose every call reverts with `Error(reason)`: the runtime copies
 * the ABI-encoded error from its own code into memory and reverts with it.
 */
export function revertingContractCode(reason: string): Hex {
  const revertData = concatHex([
    toFunctionSelector('Error(string)'),
    encodeAbiParameters([{ type: 'string' }], [reason]),
  ])
  const dataLength = (revertData.length - 2) / 2
  const runtimePrefixLength = 12
  const size = numberToHex(dataLength, { size: 1 }).slice(2)
  // PUSH1 size, PUSH1 12, PUSH1 0, CODECOPY, PUSH1 size, PUSH1 0, REVERT
  const runtime =
    `0x60${size}60${numberToHex(runtimePrefixLength, { size: 1 }).slice(2)}600039${`60${size}`}6000fd${revertData.slice(2)}` as Hex
  const runtimeLength = numberToHex((runtime.length - 2) / 2, { size: 1 }).slice(2)
  // PUSH1 runtimeLength, PUSH1 12 (this prefix), PUSH1 0, CODECOPY, PUSH1 runtimeLength, PUSH1 0, RETURN
  return `0x60${runtimeLength}600c60003960${runtimeLength}6000f3${runtime.slice(2)}` as Hex
}

export interface DockTestChain {
  chain(): EvmLocalChain
  request(): EvmRequest
  vault: Vault
  /** The vault's EVM address (anvil's funded account 0). */
  address: `0x${string}`
  /** Sends a transaction from an account anvil holds unlocked; resolves once mined. */
  send(tx: {
    from: string
    to?: string
    data?: Hex
    value?: bigint
  }): Promise<{ contractAddress: string | null }>
}

/** Waits for `hash`'s receipt: anvil mines each transaction as it arrives, its receipt shows a moment later. */
export async function waitForReceipt(request: EvmRequest, hash: string): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const receipt = await request('eth_getTransactionReceipt', [hash])
    if (receipt) return receipt as Record<string, unknown>
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`transaction ${hash} was not mined`)
}

/** Test helper: a real anvil with tUSDC (6 decimals) for the calling test file, stopped after it. */
export function dockTestChain(): DockTestChain {
  let chain: EvmLocalChain | undefined
  const vault = Vault.fromMnemonic(TEST_MNEMONIC)
  const address = vault.addresses().evm as `0x${string}`
  beforeAll(async () => {
    chain = await startEvmLocalChain()
  })
  afterAll(async () => {
    vault.lock()
    await chain?.stop()
  })
  const started = () => {
    if (!chain) throw new Error('the test chain is not running')
    return chain
  }
  return {
    chain: started,
    request: () => directEvmRequest(started().endpoint),
    vault,
    address,
    async send(tx) {
      const request = directEvmRequest(started().endpoint)
      const hash = await request('eth_sendTransaction', [
        {
          from: tx.from,
          ...(tx.to ? { to: tx.to } : {}),
          ...(tx.data ? { data: tx.data } : {}),
          ...(tx.value ? { value: numberToHex(tx.value) } : {}),
        },
      ])
      const receipt = (await waitForReceipt(request, String(hash))) as { contractAddress: string | null }
      return { contractAddress: receipt.contractAddress }
    },
  }
}
