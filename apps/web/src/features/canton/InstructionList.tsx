import type { CantonInstruction, CantonInstructionAction } from '@stratos/schemas'
import { formatAmount } from './formatAmount'

export interface InstructionListProps {
  title: string
  direction: 'incoming' | 'outgoing'
  instructions: CantonInstruction[]
  /** Buttons are disabled while another action runs or the wallet is locked. */
  disabled: boolean
  onAction(instruction: CantonInstruction, action: CantonInstructionAction): void
}

/** Pending transfers: incoming ones can be accepted or rejected, outgoing ones withdrawn. */
export function InstructionList({
  title,
  direction,
  instructions,
  disabled,
  onAction,
}: InstructionListProps) {
  const actions: CantonInstructionAction[] = direction === 'incoming' ? ['accept', 'reject'] : ['withdraw']
  return (
    <section className="instructions" aria-label={title}>
      <h3>{title}</h3>
      {instructions.length === 0 ? (
        <p className="muted small">None.</p>
      ) : (
        <ul className="instruction-list">
          {instructions.map((i) => {
            const counterparty = direction === 'incoming' ? i.sender : i.receiver
            return (
              <li key={i.contractId} className="instruction" data-testid={`canton-${direction}`}>
                <p>
                  <strong>
                    {formatAmount(i.amount)} {i.instrumentId.id}
                  </strong>{' '}
                  {direction === 'incoming' ? 'from' : 'to'}{' '}
                  <code className="mono break small">{counterparty}</code>
                </p>
                <p className="muted small">Expires {new Date(i.executeBefore).toLocaleString()}</p>
                <div className="actions">
                  {actions.map((action) => (
                    <button
                      key={action}
                      type="button"
                      className={`button button--small ${action === 'accept' ? 'button--primary' : 'button--secondary'}`}
                      onClick={() => onAction(i, action)}
                      disabled={disabled}
                    >
                      {action[0]!.toUpperCase() + action.slice(1)}
                    </button>
                  ))}
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
