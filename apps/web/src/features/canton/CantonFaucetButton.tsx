import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../lib/api'
import { useAction } from '../../lib/useAction'
import { formatAmount } from './formatAmount'
import { cantonHistoryKey, cantonHoldingsKey } from './queries'

/** Dev mode only: the instrument admin mints test tokens to the user's party. */
export function CantonFaucetButton() {
  const queryClient = useQueryClient()
  const [received, setReceived] = useState<string | null>(null)
  const drip = useAction(async () => {
    setReceived(null)
    const { amount, instrumentId } = await api.canton.faucet()
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: cantonHoldingsKey }),
      queryClient.invalidateQueries({ queryKey: cantonHistoryKey }),
    ])
    setReceived(`Received ${formatAmount(amount)} test ${instrumentId.id}.`)
  })
  return (
    <>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => void drip.run()}
        disabled={drip.busy}
      >
        {drip.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
        Get test tokens
      </button>
      <p role="status" className="faucet-status">
        {drip.busy ? 'Minting test tokens…' : received}
      </p>
      {drip.error && (
        <p role="alert" className="alert alert--error">
          {drip.error}
        </p>
      )}
    </>
  )
}
