import type { AdminCantonParty } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { CopyButton } from '../../lib/ui/CopyButton'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { TextField } from '../../lib/ui/TextField'
import { useAction } from '../../lib/useAction'
import { CantonNodeCard } from './CantonNodeCard'
import { allocateCantonParty, cantonPartiesKey, shortParty, useCantonParties } from './cantonNodeQueries'
import { adminAuditKey } from './queries'
import './cantonNode.css'

/** What Canton accepts as a party id hint (a Daml-LF party string without "::"). */
const HINT = /^[a-zA-Z0-9: _-]{1,185}$/

function hintProblem(hint: string): string | null {
  if (hint === '') return 'Enter a party id hint.'
  if (hint.includes('::')) return 'The hint cannot contain "::" (it separates the hint from the namespace).'
  if (!HINT.test(hint)) return 'Use letters, digits, space, ":", "-" and "_" (at most 185).'
  return null
}

/**
 * The participant's parties, a page at a time (hosted here or known from elsewhere), filtered by
 * id prefix, and the allocation of a new hosted party with a display name.
 */
export function CantonPartiesSection({ configured }: { configured: boolean }) {
  const id = useId()
  const queryClient = useQueryClient()
  const [prefix, setPrefix] = useState('')
  const [draftPrefix, setDraftPrefix] = useState('')
  const parties = useCantonParties(prefix, configured)
  const [hint, setHint] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [allocated, setAllocated] = useState<AdminCantonParty | null>(null)
  const list = parties.data?.pages.flatMap((page) => page.parties) ?? []
  const lastPageEmpty = parties.data?.pages.at(-1)?.parties.length === 0

  const allocate = useAction(async (partyIdHint: string, name: string) => {
    const party = await allocateCantonParty(partyIdHint, name)
    setAllocated(party)
    setHint('')
    setDisplayName('')
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: cantonPartiesKey }),
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
    ])
  })

  function onAllocate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setAllocated(null)
    const trimmed = hint.trim()
    const wrong = hintProblem(trimmed)
    setProblem(wrong)
    if (!wrong) void allocate.run(trimmed, displayName.trim())
  }

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setPrefix(draftPrefix.trim())
  }

  const error = problem ?? allocate.error

  return (
    <CantonNodeCard
      name="parties"
      title="Hosted parties"
      description={
        "Parties the participant knows. A party allocated here is hosted and signed for by the participant (unlike the wallets' own parties, whose keys stay in their passkeys)."
      }
      configured={configured}
      refresh={{ label: 'Refresh', onClick: () => void parties.refetch(), busy: parties.isFetching }}
    >
      <form
        className="canton-node-form"
        onSubmit={onAllocate}
        aria-label="Allocate a party"
        aria-busy={allocate.busy}
      >
        <div className="field">
          <label htmlFor={`${id}-hint`}>Party id hint</label>
          <input
            id={`${id}-hint`}
            value={hint}
            maxLength={185}
            autoComplete="off"
            spellCheck={false}
            placeholder="treasury-eu"
            aria-describedby={`${id}-hint-help`}
            onChange={(e) => {
              setHint(e.target.value)
              setProblem(null)
            }}
            disabled={allocate.busy}
          />
        </div>
        <TextField
          id={`${id}-name`}
          label="Display name (optional)"
          value={displayName}
          maxLength={255}
          placeholder="Treasury (EU)"
          onChange={setDisplayName}
          disabled={allocate.busy}
        />
        <button type="submit" className="button button--primary" disabled={allocate.busy}>
          {allocate.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Allocate party
        </button>
      </form>
      <p id={`${id}-hint-help`} className="small muted">
        The party id is the hint, "::" and the participant's namespace.
      </p>
      {allocated && (
        <p role="status" className="alert alert--success">
          Allocated <code className="mono break">{allocated.party}</code>
          {allocated.displayName ? ` (${allocated.displayName})` : ''}.
        </p>
      )}
      {error && (
        <p role="alert" className="alert alert--error">
          Not allocated: {error}
        </p>
      )}

      <search aria-label="Parties">
        <form className="admin-search" onSubmit={onFilter}>
          <div className="field admin-search__query">
            <label htmlFor={`${id}-prefix`}>Party id starts with</label>
            <input
              id={`${id}-prefix`}
              type="search"
              value={draftPrefix}
              maxLength={185}
              spellCheck={false}
              onChange={(e) => setDraftPrefix(e.target.value)}
            />
          </div>
          <button type="submit" className="button button--secondary">
            Filter
          </button>
          {prefix !== '' && (
            <button
              type="button"
              className="button button--ghost"
              onClick={() => {
                setDraftPrefix('')
                setPrefix('')
              }}
            >
              Clear
            </button>
          )}
        </form>
      </search>

      <QueryStatus query={parties} loading="Loading parties…" />
      {parties.data && list.length === 0 && (
        <p className="muted admin-after-table">
          {prefix ? `No party id starts with "${prefix}".` : 'The participant knows no parties yet.'}
        </p>
      )}
      {list.length > 0 && (
        <div className="admin-table-scroll">
          <table className="admin-table" aria-labelledby="admin-canton-parties-heading">
            <thead>
              <tr>
                <th scope="col">Party</th>
                <th scope="col">Display name</th>
                <th scope="col">Hosted here</th>
              </tr>
            </thead>
            <tbody>
              {list.map((party) => (
                <tr key={party.party}>
                  <th scope="row">
                    <code className="mono" title={party.party}>
                      {shortParty(party.party)}
                    </code>{' '}
                    <CopyButton text={party.party} label="Copy party id" />
                  </th>
                  <td>{party.displayName ?? <span className="muted">None</span>}</td>
                  <td>
                    {party.isLocal ? (
                      <span className="pill admin-pill--up">Hosted</span>
                    ) : (
                      <span className="pill">Elsewhere</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {parties.hasNextPage && !lastPageEmpty && (
        <button
          type="button"
          className="button button--ghost button--small admin-more"
          onClick={() => void parties.fetchNextPage()}
          disabled={parties.isFetchingNextPage}
        >
          {parties.isFetchingNextPage ? 'Loading…' : 'Load more parties'}
        </button>
      )}
    </CantonNodeCard>
  )
}
