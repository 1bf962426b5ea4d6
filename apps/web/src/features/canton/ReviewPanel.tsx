import { formatAmount } from './formatAmount'
import { PreparedSigningPanel } from './PreparedSigningPanel'
import type { CantonSigning } from './useCantonSigning'

const ACTION_TITLES = {
  send: 'Review transfer',
  accept: 'Review: accept the incoming transfer',
  reject: 'Review: reject the incoming transfer',
  withdraw: 'Review: withdraw your transfer',
} as const

const SENT_AND_COMPLETED = 'Sent and completed: the tokens are the receiver’s now.'
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
  return (
    <PreparedSigningPanel
      signing={signing}
      preparingLabel="Preparing and checking the transaction…"
      done={(state) => (
        <>
          <strong>
            {state.reviewed.completesAtOnce ? SENT_AND_COMPLETED : DONE_TEXT[state.reviewed.action]}
          </strong>
          <br />
          Update id:{' '}
          <code className="mono break" data-testid="canton-update-id">
            {state.updateId}
          </code>
        </>
      )}
      title={(reviewed) => ACTION_TITLES[reviewed.action]}
      details={({ transfer }) => (
        <>
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
        </>
      )}
      hint={(reviewed) =>
        reviewed.transferFromTransaction
          ? 'Your browser decoded this transaction and recomputed its hash: this is exactly what you sign.'
          : 'Your browser recomputed the hash of this transaction; the transfer details are from the ledger.'
      }
    />
  )
}
