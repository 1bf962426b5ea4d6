import type { ReactNode } from 'react'

/** What the field's control spreads onto itself: its id and what assistive technology announces with it. */
export interface FieldControlProps {
  id: string
  'aria-invalid': true | undefined
  'aria-describedby': string | undefined
}

export interface FieldProps {
  /** The control's id; the hint and error ids derive from it. */
  id: string
  label: string
  /** Shown under the control and announced with it. */
  hint?: ReactNode
  /** Shown under the control; marks it invalid. */
  error?: string | undefined
  /** The control (input, select…), given the props that wire it to the label, hint and error. */
  children(control: FieldControlProps): ReactNode
}

/**
 * The chrome of every form field of the app: a label for the control, its hint and its error,
 * wired for assistive technology (aria-invalid, aria-describedby).
 */
export function Field({ id, label, hint, error, children }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  )
}
