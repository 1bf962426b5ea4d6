import { useSession } from '../../lib/session'
import { Spinner } from '../../lib/ui/Spinner'
import { useSignIn } from '../auth'

/**
 * Shown while the wallet is locked: addresses stay visible, signing needs the passkey again.
 * `stay`: unlocking keeps the current page instead of going to the dashboard.
 */
export function LockPanel({ stay = false }: { stay?: boolean } = {}) {
  const { vault, config } = useSession()
  const unlock = useSignIn({ stay })
  if (vault) return null

  return (
    <section className="card lock-panel">
      <div className="lock-panel__icon" aria-hidden="true" />
      <div className="lock-panel__body">
        <h2>Wallet locked</h2>
        <p className="muted">
          Your keys are not in memory. Your addresses and balance stay visible; to send, unlock with your
          passkey. The wallet locks itself after {formatDuration(config.autoLockSeconds)} without activity.
        </p>
        {unlock.busy && (
          <p role="status" className="status">
            <Spinner label="Waiting for your passkey…" />
          </p>
        )}
        {unlock.error && (
          <p role="alert" className="alert alert--error">
            {unlock.error}
          </p>
        )}
      </div>
      <button
        type="button"
        className="button button--primary"
        onClick={() => void unlock.run()}
        disabled={unlock.busy}
      >
        {unlock.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
        Unlock
      </button>
    </section>
  )
}

function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`
  if (seconds % 60 === 0) return `${seconds / 60} min`
  return `${seconds} s`
}
