import type { ChainFamily, TokenRef } from './ChainAdapter.js'

/**
 * A chain run on this machine for development and tests, behind the same API its adapter uses
 * against a real network. Where it is a stand-in for a node that cannot run here, its README says
 * so and where it differs.
 */
export interface LocalChain {
  family: ChainFamily
  /** The base URL an adapter is given as `endpoint` (JSON-RPC URL or HTTP API base). */
  endpoint: string
  /** What `identify()` answers for it: chain id, genesis hash, network name or global id. */
  networkId: string
  /** The tokens created at start, in the order asked (ERC-20, SPL, TRC-20 or jettons; Bitcoin has none). */
  tokens: TokenRef[]
  /** Dev faucet: sends `amount` base units of the native coin (or of `token`) to `address`, confirmed. */
  fund(address: string, amount: bigint, token?: string): Promise<{ txId: string }>
  stop(): Promise<void>
}
