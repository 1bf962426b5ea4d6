import { type ApprovalOutcome, userRejected } from './approvalQueue'

/** What each review body gets: the pending approval, how to end it, and the armed state of its buttons. */
export interface ApprovalBodyProps<Request> {
  request: Request
  settle(outcome: ApprovalOutcome): void
  armed: boolean
}

/** The Reject button every review ends with (EIP-1193 4001 to the app). */
export function RejectButton({
  settle,
  disabled,
}: {
  settle(outcome: ApprovalOutcome): void
  disabled?: boolean
}) {
  return (
    <button
      type="button"
      className="button button--ghost"
      disabled={disabled}
      onClick={() => settle({ error: userRejected() })}
    >
      Reject
    </button>
  )
}
