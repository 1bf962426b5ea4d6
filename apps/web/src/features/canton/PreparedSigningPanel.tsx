import type { ReactNode } from 'react'
import { Spinner } from '../../lib/ui/Spinner'
import { bytesToHex } from './encoding'
import type { SignableTransaction } from './signAndExecute'
import type { PreparedSigning, PreparedSigningState } from './usePreparedSigning'

type Done<I, R> = Extract<PreparedSigningState<I, R>, { phase: 'done' }>

export interface PreparedSigningPanelProps<I, P, R extends SignableTransaction> {
  signing: PreparedSigning<I, P, R>
  /** The spinner's label while the server prepares and the browser checks. */
  preparingLabel: string
  /** The success alert once executed (its Done button follows). */
  done(state: Done<I, R>): ReactNode
  /** The review's heading and accessible name. */
  title(reviewed: R): string
  /** The review's rows (`<div><dt/><dd/></div>`), shown before the hash you sign. */
  details(reviewed: R): ReactNode
  /** What the browser checked, under the list. */
  hint(reviewed: R): ReactNode
  /** How the hash you sign is written. Default: lowercase hex. */
  formatHash?(hash: Uint8Array): string
}

/**
 * The round trip of `usePreparedSigning` on screen: its error, "preparing…", the review of what the
 * browser verified with the hash it recomputed and Cancel / "Confirm and sign", and the success
 * alert with Done. Each feature supplies what its review and success say.
 */
export function PreparedSigningPanel<I, P, R extends SignableTransaction>(
  props: PreparedSigningPanelProps<I, P, R>,
) {
  const { signing, preparingLabel, done } = props
  const { state, error } = signing
  return (
    <>
      {error && (
        <p role="alert" className="alert alert--error">
          {error}
        </p>
      )}
      {state.phase === 'preparing' && (
        <p role="status" className="status">
          <Spinner label={preparingLabel} />
        </p>
      )}
      {state.phase === 'done' && (
        <div role="status" className="alert alert--success">
          {done(state)}
          <div className="actions">
            <button type="button" className="button button--ghost button--small" onClick={signing.reset}>
              Done
            </button>
          </div>
        </div>
      )}
      {(state.phase === 'review' || state.phase === 'signing') && (
        <Review {...props} reviewed={state.reviewed} busy={state.phase === 'signing'} />
      )}
    </>
  )
}

function Review<I, P, R extends SignableTransaction>({
  signing,
  title: titleOf,
  details,
  hint,
  formatHash = bytesToHex,
  reviewed,
  busy,
}: PreparedSigningPanelProps<I, P, R> & { reviewed: R; busy: boolean }) {
  const title = titleOf(reviewed)
  return (
    <section className="panel review" aria-label={title} aria-busy={busy}>
      <h3>{title}</h3>
      <dl className="review__list">
        {details(reviewed)}
        <div>
          <dt>Hash you sign</dt>
          <dd>
            <code className="mono break small">{formatHash(reviewed.verified.hash)}</code>
          </dd>
        </div>
      </dl>
      <p className="hint">{hint(reviewed)}</p>
      <div className="actions">
        <button type="button" className="button button--ghost" onClick={signing.reset} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void signing.confirm()}
          disabled={busy}
        >
          {busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Confirm and sign
        </button>
      </div>
    </section>
  )
}
