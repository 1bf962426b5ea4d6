import { useSession } from '../../lib/session'

/** Locks at once (drops the keys) while unlocked; shows the lock state either way. */
export function LockButton() {
  const { vault, lock } = useSession()
  if (!vault) {
    return <span className="pill pill--locked">Locked</span>
  }
  return (
    <>
      <span className="pill pill--unlocked">Unlocked</span>
      <button type="button" className="button button--ghost button--small" onClick={lock}>
        Lock
      </button>
    </>
  )
}
