import { MAX_GUARDIANS } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useState } from 'react'
import { api } from '../../lib/api'
import { loadChunk } from '../../lib/loadChunk'
import { useSession } from '../../lib/session'
import { useAction } from '../../lib/useAction'
import { recoveryKey, useRecoveryOverview } from './queries'

/**
 * Recovery through guardians: the user's account id (to start a recovery with), the guardians and
 * threshold, and the form that names them (needs the unlocked wallet: it splits the entropy). While
 * unlocked, it publishes the user's own guardian key so others can name them.
 */
export function RecoveryCard() {
  const { me, vault } = useSession()
  const overview = useRecoveryOverview()
  const queryClient = useQueryClient()
  const [names, setNames] = useState('')
  const [threshold, setThreshold] = useState(2)
  const [saved, setSaved] = useState<string | null>(null)

  // The guardian key is derived from the wallet: publish it whenever the unlocked wallet's differs.
  const published = overview.data?.guardianKey
  useEffect(() => {
    if (!vault || overview.data === undefined) return
    const key = vault.guardianPublicKey()
    if (key === published) return
    void api.recovery
      .publishGuardianKey(key)
      .then(() => queryClient.invalidateQueries({ queryKey: recoveryKey }))
  }, [vault, published, overview.data, queryClient])

  const save = useAction(async () => {
    setSaved(null)
    if (!vault || !me) return
    const list = names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
    const { setUpGuardians } = await loadChunk(() => import('./setUpGuardians'))
    const next = await setUpGuardians({ vault, userId: me.user.id, names: list, threshold })
    queryClient.setQueryData(recoveryKey, next)
    setSaved(`Guardians saved: any ${threshold} of ${list.length} can help you recover this wallet.`)
    setNames('')
  })

  if (!me) return null
  const setup = overview.data?.setup

  function onSubmit(event: FormEvent) {
    event.preventDefault()
    void save.run()
  }

  return (
    <section className="card" aria-labelledby="recovery-heading">
      <h2 id="recovery-heading">Recovery</h2>
      <p className="muted">
        Guardians are people with an account here. Each holds an encrypted piece of your wallet key; if you
        lose every passkey, enough of them together let you open the wallet on a new device. The server never
        sees a piece. Your account id: <code className="mono">{me.user.id}</code>
      </p>
      {setup ? (
        <p data-testid="recovery-setup">
          Any {setup.threshold} of {setup.guardians.length} guardians:{' '}
          {setup.guardians.map((g) => g.displayName).join(', ')}
        </p>
      ) : (
        <p className="muted">No guardians yet.</p>
      )}
      {vault ? (
        <form onSubmit={onSubmit} className="stack">
          <label>
            Guardians (display names, separated by commas)
            <input value={names} onChange={(e) => setNames(e.target.value)} placeholder="Bob, Carol, Dave" />
          </label>
          <label>
            Approvals needed
            <input
              type="number"
              min={2}
              max={MAX_GUARDIANS}
              value={threshold}
              onChange={(e) => setThreshold(Number(e.target.value))}
            />
          </label>
          <button type="submit" className="button button--primary button--small" disabled={save.busy}>
            Save guardians
          </button>
        </form>
      ) : (
        <p className="muted small">
          Unlock your wallet to name guardians: it splits your wallet key in this browser.
        </p>
      )}
      {saved && (
        <p role="status" className="alert alert--success">
          {saved}
        </p>
      )}
      {save.error && (
        <p role="alert" className="alert alert--error">
          {save.error}
        </p>
      )}
    </section>
  )
}
