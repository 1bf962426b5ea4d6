import type { ReactNode } from 'react'
import { Field } from '../../lib/ui/Field'

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
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}
