import { QueryStatus } from '../../lib/ui/QueryStatus'
import { Spinner } from '../../lib/ui/Spinner'
import { CantonNodeCard } from './CantonNodeCard'
import { useCantonNode } from './cantonNodeQueries'
import './cantonNode.css'

const PERMISSION: Record<string, string> = {
  PARTICIPANT_PERMISSION_SUBMISSION: 'submission',
  PARTICIPANT_PERMISSION_CONFIRMATION: 'confirmation',
  PARTICIPANT_PERMISSION_OBSERVATION: 'observation',
}

/** A yes/no check of the participant, or "not answered". */
function Check({ value, yes, no }: { value: boolean | null; yes: string; no: string }) {
  if (value === null) return <span className="muted">Not answered</span>
  return value ? (
    <span className="pill admin-pill--up">{yes}</span>
  ) : (
    <span className="pill admin-pill--down">{no}</span>
  )
}

/**
 * The participant as the wallet server sees it: reachable, live and ready, its version and id,
 * the Ledger API user the server signs in as, and the synchronizers it is connected to. Each
 * failed check is listed with what the participant answered.
 */
export function CantonHealthSection({ configured }: { configured: boolean }) {
  const node = useCantonNode(configured)
  const health = node.data
  return (
    <CantonNodeCard
      name="health"
      title="Participant health"
      description="What the Canton participant answers the wallet server right now."
      configured={configured}
      refresh={{
        label: node.isFetching && !node.isPending ? <Spinner label="Checking…" /> : 'Check again',
        onClick: () => void node.refetch(),
        busy: node.isFetching,
      }}
    >
      <QueryStatus query={node} loading="Asking the participant…" />
      {health && (
        <>
          <dl className="admin-facts" aria-label="Participant health">
            <div>
              <dt>Status</dt>
              <dd>
                {health.reachable ? (
                  <span className="pill pill--unlocked">Reachable</span>
                ) : (
                  <span className="pill admin-pill--down">Unreachable</span>
                )}
              </dd>
            </div>
            <div>
              <dt>Live</dt>
              <dd>
                <Check value={health.live} yes="Live" no="Not live" />
              </dd>
            </div>
            <div>
              <dt>Ready</dt>
              <dd>
                <Check value={health.ready} yes="Ready" no="Not ready" />
              </dd>
            </div>
            <div>
              <dt>Ledger API version</dt>
              <dd>{health.version ?? <span className="muted">Unknown</span>}</dd>
            </div>
            <div className="canton-node-wide">
              <dt>Participant id</dt>
              <dd>
                {health.participantId ? (
                  <code className="mono break">{health.participantId}</code>
                ) : (
                  <span className="muted">Unknown</span>
                )}
              </dd>
            </div>
            <div>
              <dt>Signed in as</dt>
              <dd>
                {health.ledgerUserId ? (
                  <code className="mono break">{health.ledgerUserId}</code>
                ) : (
                  <span className="muted">Unknown</span>
                )}
              </dd>
            </div>
          </dl>

          <h3 className="admin-subheading">Connected synchronizers</h3>
          {health.synchronizers.length === 0 ? (
            <p className="muted">
              {health.reachable ? 'None.' : 'Unknown while the participant does not answer.'}
            </p>
          ) : (
            <ul className="canton-node-list" aria-label="Connected synchronizers">
              {health.synchronizers.map((s) => (
                <li key={s.id}>
                  <strong>{s.alias}</strong>{' '}
                  {s.permission && PERMISSION[s.permission] && (
                    <span className="pill">{PERMISSION[s.permission]}</span>
                  )}
                  <div>
                    <code className="mono break muted">{s.id}</code>
                  </div>
                </li>
              ))}
            </ul>
          )}

          {health.problems.length > 0 && (
            <div role="alert" className="alert alert--error canton-node-problems">
              <p>The participant did not answer every check:</p>
              <ul>
                {health.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </CantonNodeCard>
  )
}
