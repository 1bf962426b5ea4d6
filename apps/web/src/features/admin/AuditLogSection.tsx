import type { AuditEntry } from '@stratos/schemas'
import { type FormEvent, useId, useState } from 'react'
import { type AuditFilter, api } from '../../lib/api'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useAuditLog } from './queries'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

/** What admins did and every security event (sign-ins, passkeys), newest first; filtered, exportable. */
export function AuditLogSection() {
  const [filter, setFilter] = useState<AuditFilter>({})
  const audit = useAuditLog(filter)
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? []
  const filtered = Object.values(filter).some(Boolean)

  return (
    <section className="card" aria-labelledby="admin-audit-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-audit-heading">Audit log</h2>
          <p className="muted">
            Every admin action and security event on this instance, in a tamper-evident hash chain (`stratos
            audit verify`). Secrets are recorded as changed, never shown.
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

      <AuditFilterForm onApply={setFilter} />
      <p className="admin-audit-export">
        <a
          className="button button--ghost button--small"
          href={api.admin.auditExportUrl('csv', filter)}
          download
        >
          Export CSV
        </a>{' '}
        <a
          className="button button--ghost button--small"
          href={api.admin.auditExportUrl('jsonl', filter)}
          download
        >
          Export JSON lines
        </a>
        {filtered && <span className="muted small"> (the entries matching the filter)</span>}
      </p>

      <QueryStatus query={audit} loading="Loading the audit log…" />
      {audit.data && entries.length === 0 && (
        <p className="muted">{filtered ? 'No entries match the filter.' : 'No entries yet.'}</p>
      )}
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

/** The filter inputs; applied together on submit (times are the browser's local time). */
function AuditFilterForm({ onApply }: { onApply: (filter: AuditFilter) => void }) {
  const id = useId()
  const [action, setAction] = useState('')
  const [actor, setActor] = useState('')
  const [since, setSince] = useState('')
  const [until, setUntil] = useState('')
  const instant = (local: string) => (local ? new Date(local).toISOString() : undefined)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onApply({
      action: action.trim() || undefined,
      actor: actor.trim() || undefined,
      since: instant(since),
      until: instant(until),
    })
  }
  const clear = () => {
    setAction('')
    setActor('')
    setSince('')
    setUntil('')
    onApply({})
  }
  return (
    <form className="admin-audit-filter" onSubmit={submit} aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor={`${id}-action`}>Action starts with</label>
        <input
          id={`${id}-action`}
          className="mono"
          value={action}
          onChange={(e) => setAction(e.target.value)}
          placeholder="auth."
          maxLength={100}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-actor`}>Actor (user id)</label>
        <input
          id={`${id}-actor`}
          className="mono"
          value={actor}
          onChange={(e) => setActor(e.target.value)}
          maxLength={100}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-since`}>Since</label>
        <input
          id={`${id}-since`}
          type="datetime-local"
          value={since}
          onChange={(e) => setSince(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-until`}>Until</label>
        <input
          id={`${id}-until`}
          type="datetime-local"
          value={until}
          onChange={(e) => setUntil(e.target.value)}
        />
      </div>
      <div className="admin-audit-filter__actions">
        <button type="submit" className="button button--primary button--small">
          Apply filter
        </button>
        <button type="button" className="button button--ghost button--small" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  )
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  return (
    <tr>
      <td className="admin-nowrap">
        <time dateTime={entry.at}>{dateTime.format(new Date(entry.at))}</time>
      </td>
      <td>
        {entry.actor.displayName ??
          (entry.actor.id ? <code className="mono">{entry.actor.id}</code> : 'anonymous')}
        {entry.ip && <div className="small muted mono">{entry.ip}</div>}
      </td>
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
