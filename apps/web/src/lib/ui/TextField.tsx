import type { InputHTMLAttributes, ReactNode } from 'react'
import { Field } from './Field'

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange'> {
  /** Element id; the hint and error ids derive from it. */
  id: string
  label: string
  value: string
  onChange(value: string): void
  /** Shown under the input and announced with it. */
  hint?: ReactNode
  /** Shown under the input; marks it invalid. */
  error?: string | undefined
}

/**
 * A labelled text input with its hint and error wired for assistive technology (aria-invalid,
 * aria-describedby), as every form of the app shows them.
 */
export function TextField({ id, label, value, onChange, hint, error, ...input }: TextFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          {...input}
        />
      )}
    </Field>
  )
}
