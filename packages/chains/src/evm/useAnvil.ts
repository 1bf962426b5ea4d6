import { createPublicClient, http, type PublicClient } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll } from 'vitest'
import { evmChain } from './evmChain.js'
import { ANVIL_DEV_KEY, type AnvilNode, startAnvil } from './startAnvil.js'

export { ANVIL_DEV_KEY }

export interface AnvilFixture {
  node(): AnvilNode
  client(): PublicClient
  /** Anvil account 0 (prefunded), signing with {@link ANVIL_DEV_KEY}. */
  funded: PrivateKeyAccount
}

/**
 * Test helper: starts a real anvil for the calling test file (beforeAll, bounded by a timeout) and
 * stops it in afterAll. Only for `*.test.ts` files.
 */
export function useAnvil(): AnvilFixture {
  let node: AnvilNode | undefined
  let client: PublicClient | undefined
  beforeAll(async () => {
    node = await startAnvil({ timeoutMs: 20_000 })
    const chain = evmChain({ id: node.chainId, rpcUrl: node.rpcUrl, name: 'anvil' })
    client = createPublicClient({ chain, transport: http(node.rpcUrl), pollingInterval: 100 })
  })
  afterAll(async () => {
    await node?.stop()
  })
  return {
    node: () => node ?? assertStarted(),
    client: () => client ?? assertStarted(),
    funded: privateKeyToAccount(ANVIL_DEV_KEY),
  }
}

function assertStarted(): never {
  throw new Error('anvil is not running: call useAnvil() at the top of the test file')
}
