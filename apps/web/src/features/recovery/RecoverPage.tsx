import type { DerivedAddresses, Vault } from '@stratos/keys'
import type { RecoveryStatusResponse } from '@stratos/schemas'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { api } from '../../lib/api'
import { loadChunk } from '../../lib/loadChunk'
import { Link, navigate } from '../../lib/router'
import { useSession } from '../../lib/session'
import { Brand } from '../../lib/ui/Brand'
import { useAction } from '../../lib/useAction'
import type { StartedRecovery } from './recoverWallet'

const POLL_MS = 2_000

/**
 * `/recover`: a new device recovers a wallet through the account's guardians. 1. Start (name or
 * account id) with a one-time key; show its code. 2. Poll until enough guardians approved; combine
 * their pieces and check the addresses. 3. Create this device's passkey; signed in, unlocked.
 */
export function RecoverPage() {
  const session = useSession()
  const [account, setAccount] = useState('')
  const [started, setStarted] = useState<StartedRecovery | null>(null)
  const [status, setStatus] = useState<RecoveryStatusResponse | null>(null)
  const [opened, setOpened] = useState<{ vault: Vault; derived: DerivedAddresses } | null>(null)
  const startedRef = useRef<StartedRecovery | null>(null)

  // Leaving the page forgets the one-time key: the recovery must start again.
  useEffect(
    () => () => {
      startedRef.current?.key.destroy()
    },
    [],
  )

  const start = useAction(async () => {
    const { startRecovery } = await loadChunk(() => import('./recoverWallet'))
    const next = await startRecovery(account.trim())
    startedRef.current = next
    setStarted(next)
  })

  const open = useAction(async () => {
    if (!started || !status) return
    const { openRecoveredVault } = await loadChunk(() => import('./recoverWallet'))
    setOpened(await openRecoveredVault(started, status))
  })

  const finish = useAction(async () => {
    if (!started || !opened) return
    const { finishRecovery } = await loadChunk(() => import('./recoverWallet'))
    const me = await finishRecovery(session.config, started, opened.vault, opened.derived)
    session.setMe(me)
    session.unlock(opened.vault, opened.derived)
    navigate('/dashboard')
  })

  // Poll while waiting for approvals; once enough, open the vault.
  useEffect(() => {
    if (!started || opened) return
    let stopped = false
    const poll = async () => {
      try {
        const next = await api.recovery.status(started.request.id, started.request.token)
        if (stopped) return
        setStatus(next)
        if (next.status === 'pending' && next.shares.length >= next.threshold) return
      } catch {
        // A failed poll is retried at the next tick.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS)
    }
    let timer = setTimeout(poll, 0)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [started, opened])

  const ready = status !== null && status.status === 'pending' && status.shares.length >= status.threshold
  useEffect(() => {
    if (ready && !opened && !open.busy && !open.error) void open.run()
  }, [ready, opened, open])

  function onSubmit(event: FormEvent) {
    event.preventDefault()
    void start.run()
  }

  return (
    <main className="page page--welcome">
      <header className="hero">
        <Brand />
        <h1>Recover my wallet</h1>
        <p className="lead">
          Lost every passkey? If you named guardians, enough of them can help you open your wallet on this
          device.
        </p>
      </header>
      <section className="card">
        {!started ? (
          <form onSubmit={onSubmit} className="stack">
            <label>
              Your name or account id
              <input value={account} onChange={(e) => setAccount(e.target.value)} required />
            </label>
            <button type="submit" className="button button--primary" disabled={start.busy}>
              Start recovery
            </button>
          </form>
        ) : (
          <>
            <p>
              Recovering <strong>{started.request.user.displayName}</strong>. Ask your guardians to approve,
              and read them this code:{' '}
              <code className="mono" data-testid="recovery-code">
                {started.key.code}
              </code>
            </p>
            <p role="status" data-testid="recovery-progress">
              {status?.status === 'pending' || !status
                ? `${status?.approvals ?? 0} of ${started.request.threshold} guardian approvals`
                : `This recovery is ${status.status}. Start again.`}
            </p>
            {opened && (
              <button
                type="button"
                className="button button--primary"
                onClick={() => void finish.run()}
                disabled={finish.busy}
              >
                Create my new passkey
              </button>
            )}
          </>
        )}
        {[start.error, open.error, finish.error].filter(Boolean).map((error) => (
          <p key={error} role="alert" className="alert alert--error">
            {error}
          </p>
        ))}
        <p>
          <Link to="/">Back</Link>
        </p>
      </section>
    </main>
  )
}
