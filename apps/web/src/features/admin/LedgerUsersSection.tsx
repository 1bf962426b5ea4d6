import {
  type AdminLedgerUser,
  LEDGER_RIGHT_KINDS,
  type LedgerRight,
  PARTY_RIGHT_KINDS,
} from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useAction } from '../../lib/useAction'
import { CantonNodeCard } from './CantonNodeCard'
import {
  changeLedgerRights,
  ledgerUsersKey,
  RIGHT_LABEL,
  shortParty,
  useLedgerUsers,
} from './cantonNodeQueries'
import { adminAuditKey } from './queries'
import './cantonNode.css'

/** A right in words: "Act as treasury::1220ab…cdef". */
function describeRight(right: LedgerRight): string {
  return right.party ? `${RIGHT_LABEL[right.kind]} ${shortParty(right.party)}` : RIGHT_LABEL[right.kind]
}

/** A revocation waiting for the admin's confirmation. */
interface PendingRevoke {
  userId: string
  right: LedgerRight
}

/**
 * The participant's Ledger API users with their rights: grant a right (act, read or execute as a
 * party, or a participant-wide right) and revoke one, each confirmed with a step-up. The user the
 * wallet server signs in as is marked; the API keeps its participant admin right.
 */
export function LedgerUsersSection({ configured }: { configured: boolean }) {
  const id = useId()
  const queryClient = useQueryClient()
  const users = useLedgerUsers(configured)
  const list = users.data?.pages.flatMap((page) => page.users) ?? []
  const lastPageEmpty = users.data?.pages.at(-1)?.users.length === 0
  const [userId, setUserId] = useState('')
  const [kind, setKind] = useState<LedgerRight['kind']>('actAs')
  const [party, setParty] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [pending, setPending] = useState<PendingRevoke | null>(null)
  const needsParty = PARTY_RIGHT_KINDS.includes(kind)

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ledgerUsersKey }),
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
    ])

  const grant = useAction(async (target: string, right: LedgerRight) => {
    const { changed } = await changeLedgerRights('grant', target, [right])
    setNotice(
      changed.length > 0
        ? `Granted ${describeRight(right)} to ${target}.`
        : `${target} already had ${describeRight(right)}: nothing changed.`,
    )
    setParty('')
    await refresh()
  })

  const revoke = useAction(async ({ userId: target, right }: PendingRevoke) => {
    const { changed } = await changeLedgerRights('revoke', target, [right])
    setPending(null)
    setNotice(
      changed.length > 0
        ? `Revoked ${describeRight(right)} from ${target}.`
        : `${target} no longer had ${describeRight(right)}: nothing changed.`,
    )
    await refresh()
  })

  function onGrant(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setNotice(null)
    setPending(null)
    revoke.reset()
    const target = userId.trim()
    const forParty = party.trim()
    const wrong =
      target === ''
        ? 'Choose a Ledger API user.'
        : needsParty && forParty === ''
          ? `${RIGHT_LABEL[kind]} needs a party id.`
          : null
    setProblem(wrong)
    if (!wrong) void grant.run(target, needsParty ? { kind, party: forParty } : { kind })
  }

  function ask(user: AdminLedgerUser, right: LedgerRight) {
    revoke.reset()
    grant.reset()
    setNotice(null)
    setPending({ userId: user.id, right })
  }

  const grantError = problem ?? grant.error

  return (
    <CantonNodeCard
      name="users"
      title="Ledger API users"
      description={
        "The participant's users and what each may do. A right applies to the user's next request to the participant."
      }
      configured={configured}
      refresh={{ label: 'Refresh', onClick: () => void users.refetch(), busy: users.isFetching }}
    >
      <form className="canton-node-form" onSubmit={onGrant} aria-label="Grant a right" aria-busy={grant.busy}>
        <div className="field">
          <label htmlFor={`${id}-user`}>User</label>
          <input
            id={`${id}-user`}
            list={`${id}-users`}
            value={userId}
            maxLength={128}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => {
              setUserId(e.target.value)
              setProblem(null)
            }}
            disabled={grant.busy}
          />
          <datalist id={`${id}-users`}>
            {list.map((user) => (
              <option key={user.id} value={user.id} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Right</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as LedgerRight['kind'])
              setProblem(null)
            }}
            disabled={grant.busy}
          >
            {LEDGER_RIGHT_KINDS.map((k) => (
              <option key={k} value={k}>
                {RIGHT_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        {needsParty && (
          <div className="field">
            <label htmlFor={`${id}-party`}>Party id</label>
            <input
              id={`${id}-party`}
              value={party}
              maxLength={255}
              autoComplete="off"
              spellCheck={false}
              placeholder="treasury-eu::1220…"
              onChange={(e) => {
                setParty(e.target.value)
                setProblem(null)
              }}
              disabled={grant.busy}
            />
          </div>
        )}
        <button type="submit" className="button button--primary" disabled={grant.busy}>
          {grant.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Grant right
        </button>
      </form>
      {grantError && (
        <p role="alert" className="alert alert--error">
          Not granted: {grantError}
        </p>
      )}
      {notice && (
        <p role="status" className="alert alert--success">
          {notice}
        </p>
      )}

      {pending && (
        <fieldset className="panel admin-confirm">
          <legend className="break">
            <strong>
              Revoke {describeRight(pending.right)} from {pending.userId}?
            </strong>
          </legend>
          <p className="hint">
            The user's next request to the participant is refused what this right allowed. Your passkey
            confirms the change: it is asked for when you confirm.
          </p>
          {revoke.error && (
            <p role="alert" className="alert alert--error break">
              Not revoked: {revoke.error}
            </p>
          )}
          <div className="actions">
            <button
              type="button"
              className="button admin-button--danger"
              onClick={() => void revoke.run(pending)}
              disabled={revoke.busy}
            >
              {revoke.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
              Revoke right
            </button>
            <button
              type="button"
              className="button button--ghost"
              onClick={() => setPending(null)}
              disabled={revoke.busy}
            >
              Cancel
            </button>
          </div>
        </fieldset>
      )}

      <QueryStatus query={users} loading="Loading Ledger API users…" />
      {users.data && list.length === 0 && <p className="muted admin-after-table">No users.</p>}
      {list.length > 0 && (
        <div className="admin-table-scroll">
          <table className="admin-table" aria-labelledby="admin-canton-users-heading">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Primary party</th>
                <th scope="col">Rights</th>
              </tr>
            </thead>
            <tbody>
              {list.map((user) => (
                <tr key={user.id} className={user.isDeactivated ? 'admin-row--disabled' : undefined}>
                  <th scope="row">
                    <code className="mono break">{user.id}</code>
                    {user.isInstanceUser && <span className="muted"> (this wallet server)</span>}
                    {user.isDeactivated && (
                      <div>
                        <span className="pill admin-pill--down">Deactivated</span>
                      </div>
                    )}
                  </th>
                  <td>
                    {user.primaryParty ? (
                      <code className="mono" title={user.primaryParty}>
                        {shortParty(user.primaryParty)}
                      </code>
                    ) : (
                      <span className="muted">None</span>
                    )}
                  </td>
                  <td>
                    {user.rights.length === 0 ? (
                      <span className="muted">No rights</span>
                    ) : (
                      <ul className="canton-node-rights" aria-label={`Rights of ${user.id}`}>
                        {user.rights.map((right) => {
                          const kept = user.isInstanceUser && right.kind === 'participantAdmin'
                          const label = describeRight(right)
                          return (
                            <li key={`${right.kind}:${right.party ?? ''}`} className="canton-node-right">
                              <span title={right.party}>{label}</span>
                              <button
                                type="button"
                                aria-label={`Revoke ${label} from ${user.id}`}
                                title={
                                  kept
                                    ? 'The wallet server needs this right for node operations'
                                    : `Revoke ${label}`
                                }
                                onClick={() => ask(user, right)}
                                disabled={kept || revoke.busy}
                              >
                                ×
                              </button>
                            </li>
                          )
                        })}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.hasNextPage && !lastPageEmpty && (
        <button
          type="button"
          className="button button--ghost button--small admin-more"
          onClick={() => void users.fetchNextPage()}
          disabled={users.isFetchingNextPage}
        >
          {users.isFetchingNextPage ? 'Loading…' : 'Load more users'}
        </button>
      )}
    </CantonNodeCard>
  )
}
