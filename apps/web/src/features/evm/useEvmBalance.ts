import { getNativeBalance } from '@stratos/chains'
import { useQuery } from '@tanstack/react-query'
import type { Address } from 'viem'
import { useSession } from '../../lib/session'
import { useEvmClient } from './useEvmClient'

/** Query key of an EVM balance, for invalidation after a send or a faucet drip. */
export function evmBalanceKey(chainId: number, address: string) {
  return ['evm-balance', chainId, address.toLowerCase()] as const
}

/** Native balance (wei) of `address` on the configured chain, refreshed every 15 s and on focus. */
export function useEvmBalance(address: Address) {
  const { config } = useSession()
  const evmClient = useEvmClient()
  return useQuery({
    queryKey: evmBalanceKey(config.evm.chainId, address),
    queryFn: () => getNativeBalance(evmClient, { address }),
    refetchInterval: 15_000,
  })
}
