import type { AuditEntry } from '@stratos/schemas'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useAuditLog } from './queries'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

/** What admins did, newest first. */
export function AuditLogSection() {
  const audit = useAuditLog()
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? []

  return (
    <section className="card" aria-labelledby="admin-audit-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-audit-heading">Audit log</h2>
          <p className="muted">
            Every admin action on this instance. Secrets are recorded as changed, never shown.
          </p>
        </div>
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => void audit.refetch()}
          disabled={audit.isFetching}
        >
          Refresh
        </button>
      </header>

      <QueryStatus query={audit} loading="Loading the audit log…" />
      {audit.data && entries.length === 0 && <p className="muted">No admin actions yet.</p>}
      {entries.length > 0 && (
        <div className="admin-table-scroll">
          <table className="admin-table" aria-labelledby="admin-audit-heading">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {audit.hasNextPage && (
        <button
          type="button"
          className="button button--ghost button--small admin-more"
          onClick={() => void audit.fetchNextPage()}
          disabled={audit.isFetchingNextPage}
        >
          {audit.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
        </button>
      )}
    </section>
  )
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  return (
    <tr>
      <td className="admin-nowrap">
        <time dateTime={entry.at}>{dateTime.format(new Date(entry.at))}</time>
      </td>
      <td>{entry.actor.displayName ?? <code className="mono">{entry.actor.id}</code>}</td>
      <td className="admin-nowrap">
        <code className="mono">{entry.action}</code>
      </td>
      <td>{entry.target ? <code className="mono break">{entry.target}</code> : '—'}</td>
      <td>
        <dl className="admin-details">
          {Object.entries(entry.details).map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd className="mono break">{formatValue(value)}</dd>
            </div>
          ))}
        </dl>
      </td>
    </tr>
  )
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(formatValue).join(', ') || '—'
  if (typeof value === 'object')
    return (
      Object.entries(value)
        .map(([key, inner]) => `${key}: ${formatValue(inner)}`)
        .join(', ') || '—'
    )
  return String(value)
}
