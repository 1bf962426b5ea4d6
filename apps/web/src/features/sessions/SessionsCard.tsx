import type { SessionInfo } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { ApiRequestError } from '../../lib/AppError'
import { ME_QUERY_KEY } from '../../lib/session'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useAction } from '../../lib/useAction'
import { mySessionsKey, revokeOtherSessions, revokeSession, useMySessions } from './queries'
import './sessions.css'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * Where the user is signed in: each live session with its device, address and times. Any other
 * session can be revoked (a lost or shared device); this one ends with "Sign out".
 */
export function SessionsCard() {
  const queryClient = useQueryClient()
  const sessions = useMySessions()
  const [status, setStatus] = useState<string | null>(null)

  // This session was revoked elsewhere: asking for the user again shows the sign-in page.
  useEffect(() => {
    if (sessions.error instanceof ApiRequestError && sessions.error.status === 401)
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY })
  }, [sessions.error, queryClient])

  /** After a change: the list again, or, when this session itself was refused, the session too. */
  async function refresh(error?: unknown) {
    if (error instanceof ApiRequestError && error.status === 401) {
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY })
      return
    }
    await queryClient.invalidateQueries({ queryKey: mySessionsKey })
  }

  const revokeOne = useAction(async (session: SessionInfo) => {
    setStatus(null)
    try {
      await revokeSession(session.id)
    } catch (error) {
      await refresh(error)
      throw error
    }
    setStatus(`Signed out ${session.device}.`)
    await refresh()
  })
  const revokeOthers = useAction(async () => {
    setStatus(null)
    try {
      const { revoked } = await revokeOtherSessions()
      setStatus(
        revoked === 0
          ? 'No other session was signed in.'
          : `Signed out ${revoked} other ${revoked === 1 ? 'session' : 'sessions'}.`,
      )
    } catch (error) {
      await refresh(error)
      throw error
    }
    await refresh()
  })

  // This device first, then the others newest first (as the server orders them).
  const list = [...(sessions.data?.sessions ?? [])].sort((a, b) => Number(b.current) - Number(a.current))
  const others = list.filter((session) => !session.current).length
  const busy = revokeOne.busy || revokeOthers.busy
  const error = revokeOne.error ?? revokeOthers.error

  return (
    <section className="card sessions" aria-labelledby="sessions-heading">
      <header className="card__header">
        <div>
          <h2 id="sessions-heading">Sessions</h2>
          <p className="muted">
            Where you are signed in. Sign out a device you no longer use or don't recognise: its next request
            is refused.
          </p>
        </div>
        {others > 0 && (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => void revokeOthers.run()}
            disabled={busy}
          >
            {revokeOthers.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
            Sign out all other sessions
          </button>
        )}
      </header>
      <QueryStatus query={sessions} loading="Loading your sessions…" />
      {sessions.data && (
        <ul className="sessions__list" aria-label="Your sessions">
          {list.map((session) => (
            <SessionItem
              key={session.id}
              session={session}
              busy={busy}
              onRevoke={() => void revokeOne.run(session)}
            />
          ))}
        </ul>
      )}
      {status && (
        <p role="status" className="alert alert--success">
          {status}
        </p>
      )}
      {error && (
        <p role="alert" className="alert alert--error">
          {error}
        </p>
      )}
    </section>
  )
}

function SessionItem({
  session,
  busy,
  onRevoke,
}: {
  session: SessionInfo
  busy: boolean
  onRevoke: () => void
}) {
  return (
    <li className="sessions__item">
      <div className="sessions__what">
        <strong>{session.device}</strong>
        {session.current && <span className="pill pill--unlocked">This device</span>}
      </div>
      <div className="sessions__details small muted">
        <span>{session.ip ? `IP ${session.ip}` : 'IP unknown'}</span>
        <span>Signed in {dateTime.format(new Date(session.createdAt))}</span>
        <span>
          {session.current
            ? 'Active now'
            : session.lastSeenAt
              ? `Last seen ${dateTime.format(new Date(session.lastSeenAt))}`
              : 'Not used since sign-in'}
        </span>
      </div>
      {!session.current && (
        <button
          type="button"
          className="button button--ghost button--small sessions__revoke"
          onClick={onRevoke}
          disabled={busy}
          aria-label={`Revoke ${session.device}, signed in ${dateTime.format(new Date(session.createdAt))}`}
        >
          Revoke
        </button>
      )}
    </li>
  )
}
