import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** Admins: pending recoveries, whose and how many approvals. The API gives no share, nor could it open one. */
export function AdminRecoveriesSection() {
  const query = useQuery({ queryKey: ['admin', 'recoveries'], queryFn: api.recovery.pending })
  const list = query.data?.recoveries ?? []
  return (
    <section className="card" aria-labelledby="admin-recoveries-heading">
      <h2 id="admin-recoveries-heading">Pending recoveries</h2>
      {list.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul aria-label="Pending recoveries">
          {list.map((r) => (
            <li key={r.id}>
              {r.user.displayName} — started {dateTime.format(new Date(r.createdAt))}, {r.approvals} of{' '}
              {r.threshold} approvals
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
