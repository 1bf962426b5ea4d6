import { useState } from 'react'
import { useAction } from '../useAction'

export interface FaucetActionProps {
  /** Button text, e.g. "Get test ETH". */
  label: string
  /** Status text while the request runs. */
  busyText: string
  /** Asks for test funds, waits until they show, and returns the message to show. */
  request(): Promise<string>
}

/** Dev mode only: a button that asks a test faucet for funds, with its status and error. */
export function FaucetAction({ label, busyText, request }: FaucetActionProps) {
  const [received, setReceived] = useState<string | null>(null)
  const drip = useAction(async () => {
    setReceived(null)
    setReceived(await request())
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
        {label}
      </button>
      <p role="status" className="faucet-status">
        {drip.busy ? busyText : received}
      </p>
      {drip.error && (
        <p role="alert" className="alert alert--error">
          {drip.error}
        </p>
      )}
    </>
  )
}
