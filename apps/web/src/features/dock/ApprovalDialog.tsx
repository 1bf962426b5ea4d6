import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { type PendingApproval, userRejected } from './approvalQueue'
import { CantonApproval } from './CantonApproval'
import { ConnectApproval } from './ConnectApproval'
import type { CantonDappIntegration } from './cantonDapp'
import { EvmTransactionApproval } from './EvmTransactionApproval'
import { PersonalSignApproval, TypedDataApproval } from './SignMessageApproval'

/** How long the approve button stays disabled after a dialog opens: a click aimed at the app lands nowhere. */
const ARMING_MS = 600

/** False for the first moments of a dialog, then true (see {@link ARMING_MS}). */
export function useArmed(): boolean {
  const [armed, setArmed] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setArmed(true), ARMING_MS)
    return () => clearTimeout(timer)
  }, [])
  return armed
}

const ASKS: Record<PendingApproval['request']['kind'], string> = {
  connect: 'connect to your wallet',
  'evm-transaction': 'send a transaction',
  'personal-sign': 'sign a message',
  'typed-data': 'sign typed data',
  canton: 'approve a Canton transaction',
}

/**
 * The wallet's approval dialog (modal, over the dock: never inside an app's frame) for the oldest
 * waiting request, named "<App> asks you to …". Escape rejects it.
 */
export function ApprovalDialog({
  approval,
  canton,
}: {
  approval: PendingApproval
  canton: CantonDappIntegration | null
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const armed = useArmed()
  const { request } = approval

  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])

  let body: ReactNode
  switch (request.kind) {
    case 'connect':
      body = <ConnectApproval request={request} settle={approval.settle} armed={armed} />
      break
    case 'evm-transaction':
      body = <EvmTransactionApproval request={request} settle={approval.settle} armed={armed} />
      break
    case 'personal-sign':
      body = <PersonalSignApproval request={request} settle={approval.settle} armed={armed} />
      break
    case 'typed-data':
      body = <TypedDataApproval request={request} settle={approval.settle} armed={armed} />
      break
    case 'canton':
      body = <CantonApproval request={request} settle={approval.settle} canton={canton} />
      break
  }

  return (
    <dialog
      ref={ref}
      className="dock-approval"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        approval.settle({ error: userRejected() })
      }}
    >
      <h2 id={titleId}>
        {request.app.name} asks you to {ASKS[request.kind]}
      </h2>
      <p className="small muted">
        From <code className="mono">{request.app.origin}</code>. Only this window of your wallet can approve
        it.
      </p>
      {body}
    </dialog>
  )
}
