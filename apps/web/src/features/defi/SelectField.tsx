import type { ReactNode } from 'react'

export interface SelectFieldProps {
  /** Element id; the hint id derives from it. */
  id: string
  label: string
  value: string
  onChange(value: string): void
  options: readonly { value: string; label: string }[]
  hint?: ReactNode
  /** Shown under the select; marks it invalid. */
  error?: string | undefined
  disabled?: boolean
}

/** A labelled select with its hint and error wired for assistive technology, as TextField does. */
export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  hint,
  error,
  disabled,
}: SelectFieldProps) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        disabled={disabled}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
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
