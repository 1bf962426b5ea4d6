import { type ReactNode, useEffect, useRef } from 'react'

export interface ConfirmRemovalProps {
  id: string
  /** The question, e.g. "Remove USDC?". */
  title: ReactNode
  /** What removing it does. */
  hint: ReactNode
  /** What failed, before the error: "Removing the token failed". */
  failure: string
  removing: boolean
  error: string | null
  /** Long unbroken text in the title or the error (addresses, party ids) wraps anywhere. */
  wrap?: boolean
  onConfirm(): void
  onCancel(): void
}

/** The confirmation under a row's Remove button: the harmless choice has the focus. */
export function ConfirmRemoval({
  id,
  title,
  hint,
  failure,
  removing,
  error,
  wrap = false,
  onConfirm,
  onCancel,
}: ConfirmRemovalProps) {
  const cancel = useRef<HTMLButtonElement>(null)
  // The Remove button that opened this had the focus: move it here, onto the harmless choice.
  useEffect(() => cancel.current?.focus(), [])
  return (
    <fieldset id={id} className="panel admin-confirm">
      <legend className={wrap ? 'break' : undefined}>
        <strong>{title}</strong>
      </legend>
      <p className="hint">{hint}</p>
      {error && (
        <p role="alert" className={`alert alert--error${wrap ? ' break' : ''}`}>
          {failure}: {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button admin-button--danger" onClick={onConfirm} disabled={removing}>
          {removing && <span className="spinner spinner--inline" aria-hidden="true" />}
          Confirm removal
        </button>
        <button
          ref={cancel}
          type="button"
          className="button button--ghost"
          onClick={onCancel}
          disabled={removing}
        >
          Cancel
        </button>
      </div>
    </fieldset>
  )
}
