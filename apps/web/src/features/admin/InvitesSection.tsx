import type { AdminInviteCreated, Role } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { api } from '../../lib/api'
import { CopyButton } from '../../lib/ui/CopyButton'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useAction } from '../../lib/useAction'
import { adminAuditKey, adminInvitesKey, useAdminInvites } from './queries'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** How long a new link works, in hours. */
const LIFETIMES = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
] as const

/**
 * One-time invite links: create one with the role its account gets (the link is shown once, to
 * copy), and the outstanding ones with Revoke.
 */
export function InvitesSection() {
  const queryClient = useQueryClient()
  const invites = useAdminInvites()
  const formId = useId()
  const [role, setRole] = useState<Role>('user')
  const [hours, setHours] = useState<number>(72)
  const [created, setCreated] = useState<AdminInviteCreated | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminInvitesKey }),
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
    ])

  const create = useAction(async () => {
    setNotice(null)
    setCreated(await api.admin.invites.create({ role, expiresInHours: hours }))
    await refresh()
  })
  const revoke = useAction(async (id: string) => {
    await api.admin.invites.revoke(id)
    if (created?.id === id) setCreated(null)
    setNotice('Invite revoked: its link no longer works.')
    await refresh()
  })

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    void create.run()
  }

  const list = invites.data?.invites ?? []

  return (
    <section className="card" aria-labelledby="admin-invites-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-invites-heading">Invite links</h2>
          <p className="muted">
            A link that creates one account with the role you choose. It works once, until it expires or you
            revoke it.
          </p>
        </div>
      </header>

      <form className="admin-search" onSubmit={onCreate} aria-busy={create.busy}>
        <div className="field">
          <label htmlFor={`${formId}-role`}>Account role</label>
          <select
            id={`${formId}-role`}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            disabled={create.busy}
          >
            <option value="user">User</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${formId}-hours`}>Link works for</label>
          <select
            id={`${formId}-hours`}
            value={hours}
            onChange={(e) => setHours(Number(e.target.value))}
            disabled={create.busy}
          >
            {LIFETIMES.map((lifetime) => (
              <option key={lifetime.hours} value={lifetime.hours}>
                {lifetime.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={create.busy}>
          {create.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Create invite link
        </button>
      </form>
      {create.error && (
        <p role="alert" className="alert alert--error">
          No link created: {create.error}
        </p>
      )}
      {created && <NewInvite invite={created} onDone={() => setCreated(null)} />}

      <h3 className="admin-subheading">Outstanding</h3>
      <QueryStatus query={invites} loading="Loading invites…" />
      {invites.data && list.length === 0 && <p className="muted">No outstanding invite links.</p>}
      {list.length > 0 && (
        <div className="admin-table-scroll">
          <table className="admin-table admin-table--actions" aria-label="Outstanding invite links">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Created by</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((invite) => (
                <tr key={invite.id}>
                  <td>
                    <span className={`badge badge--${invite.role}`}>{invite.role}</span>
                  </td>
                  <td>
                    {invite.createdBy.displayName ?? <code className="mono">{invite.createdBy.id}</code>}
                  </td>
                  <td className="admin-nowrap">
                    <time dateTime={invite.createdAt}>{dateTime.format(new Date(invite.createdAt))}</time>
                  </td>
                  <td className="admin-nowrap">
                    <time dateTime={invite.expiresAt}>{dateTime.format(new Date(invite.expiresAt))}</time>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      onClick={() => void revoke.run(invite.id)}
                      disabled={revoke.busy}
                      aria-label={`Revoke the ${invite.role} invite created ${dateTime.format(new Date(invite.createdAt))}`}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoke.error && (
        <p role="alert" className="alert alert--error admin-after-table">
          Not revoked: {revoke.error}
        </p>
      )}
      {notice && (
        <p role="status" className="alert alert--success admin-after-table">
          {notice}
        </p>
      )}
    </section>
  )
}

/** The link just created: shown this once, to copy. */
function NewInvite({ invite, onDone }: { invite: AdminInviteCreated; onDone(): void }) {
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.select(), [])
  return (
    <div className="panel admin-invite" role="status">
      <div className="field">
        <label htmlFor={id}>New {invite.role} invite link</label>
        <input
          ref={input}
          id={id}
          className="mono"
          readOnly
          value={invite.link}
          aria-describedby={`${id}-hint`}
          onFocus={(e) => e.target.select()}
        />
        <p id={`${id}-hint`} className="hint">
          Copy it now: it is not shown again. Anyone who has it can create one {invite.role} account until{' '}
          {dateTime.format(new Date(invite.expiresAt))}. Send it over a channel you trust.
        </p>
      </div>
      <div className="actions actions--tight">
        <CopyButton text={invite.link} label="Copy invite link" />
        <button type="button" className="button button--ghost button--small" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  )
}
