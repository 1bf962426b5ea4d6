import { waitForTransaction } from '@stratos/chains'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Address, Hash } from 'viem'
import { api } from '../../lib/api'
import { useSession } from '../../lib/session'
import { useAction } from '../../lib/useAction'
import { formatNative } from './formatNative'
import { evmBalanceKey } from './useEvmBalance'

/** Dev mode only: asks the API's faucet for test coin, waits for it to land, refreshes the balance. */
export function FaucetButton({ address }: { address: Address }) {
  const { config, evmClient } = useSession()
  const queryClient = useQueryClient()
  const [received, setReceived] = useState<string | null>(null)
  const drip = useAction(async () => {
    setReceived(null)
    const { txHash, amountWei } = await api.faucet(address)
    await waitForTransaction(evmClient, { hash: txHash as Hash })
    await queryClient.invalidateQueries({ queryKey: evmBalanceKey(config.evm.chainId, address) })
    setReceived(`Received ${formatNative(BigInt(amountWei))} test ${config.evm.symbol} from the faucet.`)
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
        Get test {config.evm.symbol}
      </button>
      <p role="status" className="faucet-status">
        {drip.busy ? 'Asking the faucet…' : received}
      </p>
      {drip.error && (
        <p role="alert" className="alert alert--error">
          {drip.error}
        </p>
      )}
    </>
  )
}
