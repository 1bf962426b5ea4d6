import { Spinner } from '../../lib/ui/Spinner'
import { bytesToHex } from './encoding'
import { formatAmount } from './formatAmount'
import type { CantonSigning } from './useCantonSigning'

const ACTION_TITLES = {
  send: 'Review transfer',
  accept: 'Review: accept the incoming transfer',
  reject: 'Review: reject the incoming transfer',
  withdraw: 'Review: withdraw your transfer',
} as const

const DONE_TEXT = {
  send: 'Sent: the receiver can now accept it.',
  accept: 'Accepted: the tokens are yours.',
  reject: 'Rejected: the tokens went back to the sender.',
  withdraw: 'Withdrawn: the tokens are back in your holdings.',
} as const

/**
 * What the browser verified, for the person to confirm before their key signs it: the decoded
 * transaction's sender, receiver, amount, token and expiry, and the hash it recomputed.
 */
export function ReviewPanel({ signing }: { signing: CantonSigning }) {
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
          <Spinner label="Preparing and checking the transaction…" />
        </p>
      )}
      {state.phase === 'done' && (
        <div role="status" className="alert alert--success">
          <strong>{DONE_TEXT[state.reviewed.action]}</strong>
          <br />
          Update id:{' '}
          <code className="mono break" data-testid="canton-update-id">
            {state.updateId}
          </code>
          <div className="actions">
            <button type="button" className="button button--ghost button--small" onClick={signing.reset}>
              Done
            </button>
          </div>
        </div>
      )}
      {(state.phase === 'review' || state.phase === 'signing') && (
        <Review signing={signing} busy={state.phase === 'signing'} />
      )}
    </>
  )
}

function Review({ signing, busy }: { signing: CantonSigning; busy: boolean }) {
  const { state } = signing
  if (state.phase !== 'review' && state.phase !== 'signing') return null
  const { reviewed } = state
  const { transfer } = reviewed
  const title = ACTION_TITLES[reviewed.action]
  return (
    <section className="panel review" aria-label={title} aria-busy={busy}>
      <h3>{title}</h3>
      <dl className="review__list">
        <div>
          <dt>From</dt>
          <dd>
            <code className="mono break" data-testid="review-sender">
              {transfer.sender}
            </code>
          </dd>
        </div>
        <div>
          <dt>To</dt>
          <dd>
            <code className="mono break" data-testid="review-receiver">
              {transfer.receiver}
            </code>
          </dd>
        </div>
        <div className="review__total">
          <dt>Amount</dt>
          <dd data-testid="review-amount">
            {formatAmount(transfer.amount)} {transfer.instrumentId.id}
          </dd>
        </div>
        <div>
          <dt>Token</dt>
          <dd>
            {transfer.instrumentId.id} of <code className="mono break">{transfer.instrumentId.admin}</code>
          </dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{new Date(transfer.executeBefore).toLocaleString()}</dd>
        </div>
        <div>
          <dt>Hash you sign</dt>
          <dd>
            <code className="mono break small">{bytesToHex(reviewed.verified.hash)}</code>
          </dd>
        </div>
      </dl>
      <p className="hint">
        {reviewed.transferFromTransaction
          ? 'Your browser decoded this transaction and recomputed its hash: this is exactly what you sign.'
          : 'Your browser recomputed the hash of this transaction; the transfer details are from the ledger.'}
      </p>
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
