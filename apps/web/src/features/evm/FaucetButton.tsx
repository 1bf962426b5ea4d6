import { waitForTransaction } from '@stratos/chains'
import { useQueryClient } from '@tanstack/react-query'
import type { Address, Hash } from 'viem'
import { api } from '../../lib/api'
import { useSession } from '../../lib/session'
import { FaucetAction } from '../../lib/ui/FaucetAction'
import { formatNative } from './formatNative'
import { evmBalanceKey } from './useEvmBalance'
import { useEvmClient } from './useEvmClient'

/** Dev mode only: asks the API's faucet for test coin, waits for it to land, refreshes the balance. */
export function FaucetButton({ address }: { address: Address }) {
  const { config } = useSession()
  const evmClient = useEvmClient()
  const queryClient = useQueryClient()
  return (
    <FaucetAction
      label={`Get test ${config.evm.symbol}`}
      busyText="Asking the faucet…"
      request={async () => {
        const { txHash, amountWei } = await api.faucet(address)
        await waitForTransaction(evmClient, { hash: txHash as Hash })
        await queryClient.invalidateQueries({ queryKey: evmBalanceKey(config.evm.chainId, address) })
        return `Received ${formatNative(BigInt(amountWei))} test ${config.evm.symbol} from the faucet.`
      }}
    />
  )
}
