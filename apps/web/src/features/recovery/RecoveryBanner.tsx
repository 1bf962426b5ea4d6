import { useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { useAction } from '../../lib/useAction'
import { recoveryKey, useRecoveryOverview } from './queries'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** On every session of the owner: recoveries of their account that are pending, with a cancel. */
export function RecoveryBanner() {
  const overview = useRecoveryOverview()
  const queryClient = useQueryClient()
  const cancel = useAction(async (id: string) => {
    queryClient.setQueryData(recoveryKey, await api.recovery.cancel(id))
  })
  const pending = overview.data?.requests.filter((r) => r.status === 'pending') ?? []
  if (pending.length === 0) return null
  return (
    <section role="alert" className="alert alert--error" aria-label="Recovery in progress">
      {pending.map((r) => (
        <p key={r.id}>
          Someone started recovering your wallet on another device ({dateTime.format(new Date(r.createdAt))},
          code <code className="mono">{r.code}</code>, {r.approvals} of {r.threshold} guardian approvals).{' '}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => void cancel.run(r.id)}
            disabled={cancel.busy}
          >
            This wasn’t me — cancel
          </button>
        </p>
      ))}
      {cancel.error && <p>{cancel.error}</p>}
    </section>
  )
}
