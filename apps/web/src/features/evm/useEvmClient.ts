import type { PublicConfig } from '@stratos/schemas'
import type { PublicClient } from 'viem'
import { useSession } from '../../lib/session'
import { createEvmClient } from './evmClient'

// One client per configured chain (the config object stays the same until the page reloads).
const clients = new WeakMap<PublicConfig['evm'], PublicClient>()

/** The viem client of the configured EVM chain, created on first use (viem loads with this feature). */
export function useEvmClient(): PublicClient {
  const { config } = useSession()
  let client = clients.get(config.evm)
  if (!client) {
    client = createEvmClient(config.evm)
    clients.set(config.evm, client)
  }
  return client
}
