import { useState } from 'react'
import { useSession } from '../../lib/session'
import type { ApprovalOutcome, ApprovalRequest } from './approvalQueue'
import type { CantonDappIntegration } from './cantonDapp'
import { RejectButton } from './RejectButton'
import { VaultGate } from './VaultGate'

type CantonRequest = Extract<ApprovalRequest, { kind: 'canton' }>

/**
 * A Canton transaction's review, drawn by the Canton dApp handler's own component inside the
 * wallet's dialog; its confirm is taken only while the wallet is unlocked (the handler signs next).
 */
export function CantonApproval({
  request,
  settle,
  canton,
}: {
  request: CantonRequest
  settle(outcome: ApprovalOutcome): void
  canton: CantonDappIntegration | null
}) {
  const { vault } = useSession()
  const [lockedConfirm, setLockedConfirm] = useState(false)
  if (!canton)
    return (
      <div className="actions">
        <RejectButton settle={settle} />
      </div>
    )
  const { Review } = canton
  return (
    <>
      <VaultGate />
      {lockedConfirm && !vault && (
        <p role="alert" className="alert alert--error">
          Unlock the wallet first, then confirm again.
        </p>
      )}
      <Review
        review={request.review}
        onConfirm={() => (vault ? settle({ result: true }) : setLockedConfirm(true))}
        onCancel={() => settle({ result: false })}
      />
    </>
  )
}
