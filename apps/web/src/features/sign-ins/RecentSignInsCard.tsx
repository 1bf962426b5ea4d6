import type { SignInEvent } from '@stratos/schemas'
import './sign-ins.css'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useSignIns } from './queries'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * "Recent sign-ins": when and from where the account was signed in to, and refused attempts with
 * one of its passkeys, so the user notices a sign-in that was not theirs.
 */
export function RecentSignInsCard() {
  const signIns = useSignIns()
  const events = signIns.data?.pages.flatMap((page) => page.signIns) ?? []
  return (
    <section className="card sign-ins" aria-labelledby="sign-ins-heading">
      <header className="card__header">
        <div>
          <h2 id="sign-ins-heading">Recent sign-ins</h2>
          <p className="muted">Sign-ins to your account, and refused attempts with your passkeys.</p>
        </div>
      </header>
      <QueryStatus query={signIns} loading="Loading your sign-ins…" />
      {signIns.data && events.length === 0 && <p className="muted">No sign-ins recorded yet.</p>}
      {events.length > 0 && (
        <ul className="sign-ins__list" aria-label="Recent sign-ins">
          {events.map((event) => (
            <SignInItem key={event.id} event={event} />
          ))}
        </ul>
      )}
      {signIns.hasNextPage && (
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => void signIns.fetchNextPage()}
          disabled={signIns.isFetchingNextPage}
        >
          {signIns.isFetchingNextPage ? 'Loading…' : 'Show older'}
        </button>
      )}
    </section>
  )
}

function SignInItem({ event }: { event: SignInEvent }) {
  const failed = event.outcome === 'failure'
  return (
    <li className={`sign-ins__item${failed ? ' sign-ins__item--failure' : ''}`}>
      <span className={`badge ${failed ? 'sign-ins__badge--refused' : 'badge--user'}`}>
        {failed ? 'Refused' : 'Signed in'}
      </span>{' '}
      <time dateTime={event.at}>{dateTime.format(new Date(event.at))}</time>
      {failed && event.reason && (
        <span className="small muted">
          {' '}
          (<code className="mono">{event.reason}</code>)
        </span>
      )}
      <div className="small muted">
        {event.ip ?? 'address unknown'}
        {event.userAgent && <> · {event.userAgent}</>}
      </div>
    </li>
  )
}
