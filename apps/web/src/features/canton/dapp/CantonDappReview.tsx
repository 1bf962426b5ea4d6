import type { TransactionAction, TransferDetails } from '@stratos/canton'
import type { ReactNode } from 'react'
import { bytesToHex } from '../encoding'
import { formatAmount } from '../formatAmount'
import type { CantonDappReviewData, CantonDappTransactionReview } from './reviewDappTransaction'

export interface CantonDappReviewProps {
  review: CantonDappReviewData
  onConfirm(): void
  onCancel(): void
  /** While signing and executing: the buttons are disabled. */
  busy?: boolean
}

const INSTRUCTION_TITLES = {
  accept: 'Review: accept an incoming transfer',
  reject: 'Review: reject an incoming transfer',
  withdraw: 'Review: withdraw your transfer',
} as const

function titleOf(review: CantonDappReviewData): string {
  if (review.kind === 'message') return 'Review: sign a message'
  const { description } = review
  if (description.kind === 'transfer') return 'Review transfer'
  if (description.kind === 'transfer-instruction') return INSTRUCTION_TITLES[description.instruction.action]
  return 'Review: Canton transaction'
}

/** `packageId:Module.Name:Entity` -> `Module.Name:Entity` (the package id is in the row's title). */
const shortName = (id: string) => id.split(':').slice(1).join(':') || id

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function Party({ id, testId }: { id: string; testId?: string }) {
  return (
    <code className="mono break" data-testid={testId}>
      {id}
    </code>
  )
}

function TransferRows({
  transfer,
}: {
  transfer: Pick<TransferDetails, 'sender' | 'receiver' | 'amount' | 'instrumentId' | 'executeBefore'>
}) {
  return (
    <>
      <Row label="From">
        <Party id={transfer.sender} testId="review-sender" />
      </Row>
      <Row label="To">
        <Party id={transfer.receiver} testId="review-receiver" />
      </Row>
      <div className="review__total">
        <dt>Amount</dt>
        <dd data-testid="review-amount">
          {formatAmount(transfer.amount)} {transfer.instrumentId.id}
        </dd>
      </div>
      <Row label="Token">
        {transfer.instrumentId.id} of <Party id={transfer.instrumentId.admin} />
      </Row>
      <Row label="Expires">{new Date(transfer.executeBefore).toLocaleString()}</Row>
    </>
  )
}

function ActionItem({ action }: { action: TransactionAction }) {
  const indent = { marginInlineStart: `${action.depth * 1.25}rem` }
  if (action.kind === 'create')
    return (
      <li style={indent} title={action.templateId}>
        Create <strong>{shortName(action.templateId)}</strong> ({action.packageName}), signed by{' '}
        {action.signatories.join(', ')}
      </li>
    )
  return (
    <li style={indent} title={action.interfaceId ?? action.templateId}>
      Exercise <strong>{action.choice}</strong> on {shortName(action.templateId)} ({action.packageName})
      {action.interfaceId ? ` through ${shortName(action.interfaceId)}` : ''}
      {action.consuming ? ', archiving it' : ''}, by {action.actingParties.join(', ')}
    </li>
  )
}

function TransactionRows({ review }: { review: CantonDappTransactionReview }) {
  const { description } = review
  if (description.kind === 'transfer') return <TransferRows transfer={description.transfer} />
  if (description.kind === 'transfer-instruction') {
    const { instruction } = description
    return (
      <>
        <Row label="Transfer">
          <Party id={instruction.instructionCid} />
        </Row>
        {instruction.transfer && <TransferRows transfer={instruction.transfer} />}
      </>
    )
  }
  return (
    <Row label="Actions">
      <ol className="review__actions" data-testid="review-actions">
        {description.actions.map((action, i) => (
          // The list is the transaction's, fixed for the review's life: its order is its identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <ActionItem key={i} action={action} />
        ))}
      </ol>
      {description.rollbacks > 0 && (
        <p className="hint">
          {description.rollbacks} rolled-back part{description.rollbacks === 1 ? '' : 's'} not listed: their
          effects do not happen.
        </p>
      )}
    </Row>
  )
}

/**
 * The wallet's review of a dock app's Canton request, before the party key signs anything: a
 * transaction's decoded transfer, or the creates and exercises it holds with a warning that the
 * wallet cannot describe them, and the hash the browser recomputed (hex); or the message to sign.
 * Cancel and "Confirm and sign".
 */
export function CantonDappReview({ review, onConfirm, onCancel, busy = false }: CantonDappReviewProps) {
  const title = titleOf(review)
  return (
    <section className="panel review" aria-label={title} aria-busy={busy}>
      <h3>{title}</h3>
      {review.kind === 'transaction' && review.warning && (
        <p role="note" className="callout" data-testid="review-warning">
          {review.warning}
        </p>
      )}
      <dl className="review__list">
        <Row label="Signed as">
          <Party id={review.partyId} />
        </Row>
        {review.kind === 'message' ? (
          <Row label="Message">
            <pre className="mono break small" data-testid="review-message">
              {review.message}
            </pre>
          </Row>
        ) : (
          <>
            <TransactionRows review={review} />
            <Row label="Command id">
              <code className="mono break small">{review.commandId}</code>
            </Row>
            <Row label="Hash you sign">
              <code className="mono break small" data-testid="review-hash">
                {bytesToHex(review.hash)}
              </code>
            </Row>
          </>
        )}
      </dl>
      <p className="hint">
        {review.kind === 'message'
          ? 'Your Canton key signs exactly this text.'
          : 'Your browser decoded this transaction and recomputed its hash: this is exactly what you sign.'}
      </p>
      <div className="actions">
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button--primary" onClick={onConfirm} disabled={busy}>
          {busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Confirm and sign
        </button>
      </div>
    </section>
  )
}
