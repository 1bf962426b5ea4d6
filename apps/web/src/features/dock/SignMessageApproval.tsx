import type { Vault } from '@stratos/keys'
import { useSession } from '../../lib/session'
import { useAction } from '../../lib/useAction'
import type { ApprovalOutcome, ApprovalRequest } from './approvalQueue'
import type { TypedDataNode } from './evm/typedDataReview'
import { type ApprovalBodyProps, RejectButton } from './RejectButton'
import { VaultGate } from './VaultGate'

type PersonalSignRequest = Extract<ApprovalRequest, { kind: 'personal-sign' }>
type TypedDataRequest = Extract<ApprovalRequest, { kind: 'typed-data' }>

function SignActions({
  settle,
  armed,
  sign,
}: {
  settle(outcome: ApprovalOutcome): void
  armed: boolean
  sign(): `0x${string}`
}) {
  const { vault } = useSession()
  const action = useAction(async () => {
    settle({ result: sign() })
  })
  return (
    <>
      <VaultGate />
      {action.error && (
        <p role="alert" className="alert alert--error">
          {action.error}
        </p>
      )}
      <div className="actions">
        <RejectButton settle={settle} disabled={action.busy} />
        <button
          type="button"
          className="button button--primary"
          disabled={!armed || !vault || action.busy}
          onClick={() => void action.run()}
        >
          Sign
        </button>
      </div>
    </>
  )
}

/** The review of `personal_sign`: the message as text when printable, else its bytes in hex. */
export function PersonalSignApproval({ request, settle, armed }: ApprovalBodyProps<PersonalSignRequest>) {
  const { vault } = useSession()
  const { message } = request
  return (
    <div className="review">
      <p>Signing a message proves you hold this account; it sends nothing and costs nothing.</p>
      <dl className="review__list">
        <div>
          <dt>Account</dt>
          <dd>
            <code className="mono break">{message.address}</code>
          </dd>
        </div>
      </dl>
      {message.text !== null ? (
        <pre className="dock-message" data-testid="dock-message">
          {message.text}
        </pre>
      ) : (
        <>
          <p className="hint">The message is not text; its bytes:</p>
          <pre className="dock-message mono" data-testid="dock-message">
            {message.hex}
          </pre>
        </>
      )}
      <SignActions settle={settle} armed={armed} sign={() => vault!.signEvmMessage(message.bytes)} />
    </div>
  )
}

function Fields({ nodes }: { nodes: readonly TypedDataNode[] }) {
  return (
    <ul className="dock-fields">
      {nodes.map((n) => (
        <li key={n.name}>
          <span className="dock-fields__name">{n.name}</span> <span className="muted small">({n.type})</span>
          {n.value !== null ? (
            <>
              : <code className="mono break">{n.value}</code>
            </>
          ) : (
            n.children && <Fields nodes={n.children} />
          )}
        </li>
      ))}
    </ul>
  )
}

/** The review of `eth_signTypedData_v4`: the domain, then the message field by field, structs nested. */
export function TypedDataApproval({ request, settle, armed }: ApprovalBodyProps<TypedDataRequest>) {
  const { vault } = useSession()
  const { review, network } = request
  return (
    <div className="review">
      <section aria-label="Domain">
        <h3>Domain</h3>
        <Fields nodes={review.domain} />
        {review.chainId === null ? (
          <p role="alert" className="alert alert--error">
            This signature names no chain: it is valid on every chain, not only {network.name}.
          </p>
        ) : (
          <p className="small muted">Chain: {network.name}</p>
        )}
      </section>
      <section aria-label="Message">
        <h3>{review.primaryType}</h3>
        <Fields nodes={review.message} />
      </section>
      <SignActions
        settle={settle}
        armed={armed}
        sign={() => vault!.signEvmTypedData(review.definition as Parameters<Vault['signEvmTypedData']>[0])}
      />
    </div>
  )
}
