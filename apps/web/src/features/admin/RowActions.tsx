/**
 * The buttons of one row of an admin table of ordered, switchable things (networks, tokens, dock
 * apps): move up and down (when the table has an order), edit, switch on or off, remove. Each
 * button's accessible name says which row it acts on ("Move Sepolia up", "Edit Sepolia").
 */
export interface RowActionsProps {
  /** The row's name, in every button's accessible name. */
  name: string
  /** A change is running: the buttons that change something wait. */
  busy: boolean
  /** Moving the row; absent when the table has no order of its own. */
  move?: { first: boolean; last: boolean; onMove(direction: 'up' | 'down'): void }
  edit: { open: boolean; formId: string; onEdit(): void }
  /** The switch's word for what a click does ("Hide", "Show", "Disable", "Enable"). */
  toggle: { label: string; onToggle(): void }
  remove: { confirming: boolean; confirmId: string; onRemove(): void }
}

const BUTTON = 'button button--ghost button--small'

export function RowActions({ name, busy, move, edit, toggle, remove }: RowActionsProps) {
  return (
    <div className="admin-row-actions">
      {move && (
        <>
          <button
            type="button"
            className={BUTTON}
            aria-label={`Move ${name} up`}
            disabled={move.first || busy}
            onClick={() => move.onMove('up')}
          >
            ↑
          </button>
          <button
            type="button"
            className={BUTTON}
            aria-label={`Move ${name} down`}
            disabled={move.last || busy}
            onClick={() => move.onMove('down')}
          >
            ↓
          </button>
        </>
      )}
      <button
        type="button"
        className={BUTTON}
        aria-label={`Edit ${name}`}
        aria-expanded={edit.open}
        aria-controls={edit.formId}
        onClick={edit.onEdit}
      >
        Edit
      </button>
      <button
        type="button"
        className={BUTTON}
        aria-label={`${toggle.label} ${name}`}
        disabled={busy}
        onClick={toggle.onToggle}
      >
        {toggle.label}
      </button>
      <button
        type="button"
        className={BUTTON}
        aria-label={`Remove ${name}`}
        aria-expanded={remove.confirming}
        aria-controls={remove.confirmId}
        disabled={busy}
        onClick={remove.onRemove}
      >
        Remove
      </button>
    </div>
  )
}
