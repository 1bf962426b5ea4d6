import type { AdminUser } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { api } from '../../lib/api'
import { ME_QUERY_KEY, useSession } from '../../lib/session'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useAction } from '../../lib/useAction'
import {
  adminAuditKey,
  adminUserSettingsKey,
  adminUsersKey,
  type UserFilter,
  useAdminUserSettings,
  useAdminUsers,
} from './queries'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** A change an admin asked for and has to confirm. */
type UserChange = 'promote' | 'demote' | 'disable' | 'enable'

interface Pending {
  change: UserChange
  user: AdminUser
}

const DONE: Record<UserChange, (name: string) => string> = {
  promote: (name) => `${name} is now an admin.`,
  demote: (name) => `${name} is no longer an admin.`,
  disable: (name) => `${name}'s account is disabled and every session of it has ended.`,
  enable: (name) => `${name}'s account is enabled: they can sign in again.`,
}

/**
 * Everyone with an account: search, role filter, and per-user Promote/Demote/Disable/Enable, each
 * confirmed first. The API has the last word (the last admin, the maximum of admins); its refusal
 * is shown in the confirmation panel.
 */
export function UsersSection() {
  const { me } = useSession()
  const queryClient = useQueryClient()
  const [filter, setFilter] = useState<UserFilter>({ query: '', role: 'all' })
  const [draft, setDraft] = useState<UserFilter>(filter)
  const users = useAdminUsers(filter)
  const settings = useAdminUserSettings()
  const searchId = useId()
  const confirmId = useId()
  const [pending, setPending] = useState<Pending | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const list = users.data?.pages.flatMap((page) => page.users) ?? []

  const apply = useAction(async ({ change, user }: Pending) => {
    if (change === 'promote') await api.admin.users.setRole(user.id, 'admin')
    if (change === 'demote') await api.admin.users.setRole(user.id, 'user')
    if (change === 'disable') await api.admin.users.disable(user.id)
    if (change === 'enable') await api.admin.users.enable(user.id)
    setPending(null)
    setNotice(DONE[change](user.displayName))
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: adminUsersKey }),
      queryClient.invalidateQueries({ queryKey: adminUserSettingsKey }),
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
      // Demoting yourself ends your way into this console.
      user.id === me?.user.id ? queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }) : undefined,
    ])
  })

  function ask(change: UserChange, user: AdminUser) {
    apply.reset()
    setNotice(null)
    setPending({ change, user })
  }

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setPending(null)
    setFilter({ query: draft.query.trim(), role: draft.role })
  }

  const filtered = filter.query !== '' || filter.role !== 'all'

  return (
    <section className="card" aria-labelledby="admin-users-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-users-heading">Users</h2>
          <p className="muted">
            Everyone with an account here. A role change applies to the user's next request; disabling an
            account ends its sessions at once.
            {settings.data && (
              <>
                {' '}
                {settings.data.adminCount} of at most {settings.data.maxAdmins} admins.
              </>
            )}
          </p>
        </div>
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => void users.refetch()}
          disabled={users.isFetching}
        >
          Refresh
        </button>
      </header>

      <search aria-label="Users">
        <form className="admin-search" onSubmit={onSearch}>
          <div className="field admin-search__query">
            <label htmlFor={`${searchId}-query`}>Search users</label>
            <input
              id={`${searchId}-query`}
              type="search"
              value={draft.query}
              maxLength={200}
              onChange={(e) => setDraft({ ...draft, query: e.target.value })}
              placeholder="Part of a name, or a whole user id or Canton party id"
            />
          </div>
          <div className="field">
            <label htmlFor={`${searchId}-role`}>Role</label>
            <select
              id={`${searchId}-role`}
              value={draft.role}
              onChange={(e) => setDraft({ ...draft, role: e.target.value as UserFilter['role'] })}
            >
              <option value="all">All roles</option>
              <option value="admin">Admins</option>
              <option value="user">Users</option>
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            Search
          </button>
          {filtered && (
            <button
              type="button"
              className="button button--ghost"
              onClick={() => {
                const cleared: UserFilter = { query: '', role: 'all' }
                setDraft(cleared)
                setFilter(cleared)
              }}
            >
              Clear
            </button>
          )}
        </form>
      </search>

      <QueryStatus query={users} loading="Loading users…" />
      {users.data && list.length === 0 && (
        <p className="muted admin-after-table">
          {filtered ? 'No user matches this search.' : 'No users yet.'}
        </p>
      )}
      {list.length > 0 && (
        <div className="admin-table-scroll">
          <table className="admin-table admin-table--actions" aria-labelledby="admin-users-heading">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Passkeys</th>
                <th scope="col">Canton party</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  isSelf={user.id === me?.user.id}
                  confirmId={confirmId}
                  pending={pending?.user.id === user.id ? pending.change : null}
                  disabled={apply.busy}
                  onAsk={(change) => ask(change, user)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.hasNextPage && (
        <button
          type="button"
          className="button button--ghost button--small admin-more"
          onClick={() => void users.fetchNextPage()}
          disabled={users.isFetchingNextPage}
        >
          {users.isFetchingNextPage ? 'Loading…' : 'Load more users'}
        </button>
      )}
      {pending && (
        <ConfirmChange
          key={`${pending.change}-${pending.user.id}`}
          id={confirmId}
          pending={pending}
          isSelf={pending.user.id === me?.user.id}
          busy={apply.busy}
          error={apply.error}
          onConfirm={() => void apply.run(pending)}
          onCancel={() => setPending(null)}
        />
      )}
      {notice && (
        <p role="status" className="alert alert--success admin-after-table">
          {notice}
        </p>
      )}
    </section>
  )
}

interface UserRowProps {
  user: AdminUser
  isSelf: boolean
  confirmId: string
  /** The change of this user being confirmed, if any. */
  pending: UserChange | null
  disabled: boolean
  onAsk(change: UserChange): void
}

function UserRow({ user, isSelf, confirmId, pending, disabled, onAsk }: UserRowProps) {
  const roleChange: UserChange = user.role === 'admin' ? 'demote' : 'promote'
  const stateChange: UserChange = user.disabledAt ? 'enable' : 'disable'
  return (
    <tr className={user.disabledAt ? 'admin-row--disabled' : undefined}>
      <th scope="row">
        <span className="break">{user.displayName}</span>
        {isSelf && <span className="muted"> (you)</span>}
        <div>
          <code className="mono muted admin-id" title={user.id}>
            {user.id}
          </code>
        </div>
      </th>
      <td>
        <span className={`badge badge--${user.role}`}>{user.role}</span>
      </td>
      <td className="admin-nowrap">
        {user.disabledAt ? (
          <span
            className="pill admin-pill--down"
            title={`Since ${dateTime.format(new Date(user.disabledAt))}`}
          >
            Disabled
          </span>
        ) : (
          <span className="pill admin-pill--up">Enabled</span>
        )}
      </td>
      <td className="admin-nowrap">
        <time dateTime={user.createdAt}>{dateTime.format(new Date(user.createdAt))}</time>
      </td>
      <td className="admin-nowrap">
        {user.lastSignInAt ? (
          <time dateTime={user.lastSignInAt}>{dateTime.format(new Date(user.lastSignInAt))}</time>
        ) : (
          <span className="muted">Never</span>
        )}
      </td>
      <td>{user.passkeyCount}</td>
      <td>
        {user.cantonPartyId ? (
          <code className="mono break" title={user.cantonPartyId}>
            {shortParty(user.cantonPartyId)}
          </code>
        ) : (
          <span className="muted">None yet</span>
        )}
      </td>
      <td>
        <div className="admin-row-actions">
          <button
            type="button"
            className="button button--ghost button--small"
            aria-expanded={pending === roleChange}
            aria-controls={confirmId}
            onClick={() => onAsk(roleChange)}
            disabled={disabled}
          >
            {roleChange === 'promote' ? 'Promote' : 'Demote'}
          </button>
          {!isSelf && (
            <button
              type="button"
              className="button button--ghost button--small"
              aria-expanded={pending === stateChange}
              aria-controls={confirmId}
              onClick={() => onAsk(stateChange)}
              disabled={disabled}
            >
              {stateChange === 'disable' ? 'Disable' : 'Enable'}
            </button>
          )}
        </div>
      </td>
    </tr>
  )
}

/** `hint::1220ab…cdef`: the hint and enough of the fingerprint to tell parties apart. */
function shortParty(partyId: string): string {
  const [hint, fingerprint = ''] = partyId.split('::')
  return fingerprint.length > 14 ? `${hint}::${fingerprint.slice(0, 8)}…${fingerprint.slice(-4)}` : partyId
}

interface ConfirmChangeProps {
  id: string
  pending: Pending
  isSelf: boolean
  busy: boolean
  /** The API's answer when the change was refused. */
  error: string | null
  onConfirm(): void
  onCancel(): void
}

function ConfirmChange({ id, pending, isSelf, busy, error, onConfirm, onCancel }: ConfirmChangeProps) {
  const { operator } = useSession()
  const cancel = useRef<HTMLButtonElement>(null)
  // The row's button had the focus: move it here, onto the harmless choice.
  useEffect(() => cancel.current?.focus(), [])
  const name = pending.user.displayName
  const text = {
    promote: {
      question: `Make ${name} an admin?`,
      hint: 'Admins manage users, change every setting of this instance and read the audit log. It applies to their next request.',
      confirm: 'Confirm: make admin',
    },
    demote: {
      question: isSelf ? 'Remove your own admin role?' : `Remove ${name}'s admin role?`,
      hint: isSelf
        ? 'You keep your account and wallet, and lose this console at once. Only another admin can give the role back.'
        : 'They keep their account and wallet, and lose the admin console on their next request.',
      confirm: 'Confirm: remove admin role',
    },
    disable: {
      question: `Disable ${name}'s account?`,
      hint: 'Every session of theirs ends at once and they cannot sign in until an admin enables the account. Nothing changes on any chain: their keys stay theirs.',
      confirm: 'Confirm: disable account',
    },
    enable: {
      question: `Enable ${name}'s account?`,
      hint: 'They can sign in again with their passkeys.',
      confirm: 'Confirm: enable account',
    },
  }[pending.change]
  const destructive = pending.change === 'disable' || pending.change === 'demote'
  return (
    <fieldset id={id} className="panel admin-confirm">
      <legend className="break">
        <strong>{text.question}</strong>
      </legend>
      <p className="hint">{text.hint}</p>
      <p className="hint">
        {operator
          ? 'Your sign-in at your identity provider confirms the change for 5 minutes; after that, sign in again.'
          : 'Your passkey confirms the change: it is asked for when you confirm.'}
      </p>
      {error && (
        <p role="alert" className="alert alert--error break">
          Not changed: {error}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className={destructive ? 'button admin-button--danger' : 'button button--primary'}
          onClick={onConfirm}
          disabled={busy}
        >
          {busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          {text.confirm}
        </button>
        <button
          ref={cancel}
          type="button"
          className="button button--ghost"
          onClick={onCancel}
          disabled={busy}
        >
          Cancel
        </button>
      </div>
    </fieldset>
  )
}
