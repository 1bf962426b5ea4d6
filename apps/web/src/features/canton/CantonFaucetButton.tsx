import { useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { FaucetAction } from '../../lib/ui/FaucetAction'
import { formatAmount } from './formatAmount'
import { cantonHistoryKey, cantonHoldingsKey } from './queries'

/** Dev mode only: the instrument admin mints test tokens to the user's party. */
export function CantonFaucetButton() {
  const queryClient = useQueryClient()
  return (
    <FaucetAction
      label="Get test tokens"
      busyText="Minting test tokens…"
      request={async () => {
        const { amount, instrumentId } = await api.canton.faucet()
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: cantonHoldingsKey }),
          queryClient.invalidateQueries({ queryKey: cantonHistoryKey }),
        ])
        return `Received ${formatAmount(amount)} test ${instrumentId.id}.`
      }}
    />
  )
}
