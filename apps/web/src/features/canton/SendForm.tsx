import { CantonAmount, CantonPartyId } from '@stratos/schemas'
import { type FormEvent, useId, useState } from 'react'
import { api } from '../../lib/api'
import type { CantonSigning } from './useCantonSigning'

export interface SendFormProps {
  signing: CantonSigning
  instrument: { admin: string; id: string }
  onCancel(): void
}

/** Receiver party id and amount -> the server prepares -> the browser verifies -> review. */
export function SendForm({ signing, instrument, onCancel }: SendFormProps) {
  const id = useId()
  const [receiver, setReceiver] = useState('')
  const [amount, setAmount] = useState('')
  const [errors, setErrors] = useState<{ receiver?: string; amount?: string }>({})
  const busy = signing.state.phase === 'preparing'

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const to = receiver.trim()
    const value = amount.trim()
    const next: typeof errors = {}
    const party = CantonPartyId.safeParse(to)
    if (!party.success) next.receiver = `Receiver: ${party.error.issues[0]?.message ?? 'invalid'}`
    const parsed = CantonAmount.safeParse(value)
    if (!parsed.success) next.amount = `Amount: ${parsed.error.issues[0]?.message ?? 'invalid'}`
    setErrors(next)
    if (next.receiver || next.amount) return
    void signing.start({ kind: 'transfer', receiver: to, amount: value, instrument }, () =>
      api.canton.prepareTransfer({ receiver: to, amount: value }),
    )
  }

  return (
    <form className="panel form" onSubmit={onSubmit} noValidate aria-busy={busy}>
      <h3>Send {instrument.id}</h3>
      <div className="field">
        <label htmlFor={`${id}-receiver`}>Receiver party id</label>
        <input
          id={`${id}-receiver`}
          className="mono"
          value={receiver}
          onChange={(e) => setReceiver(e.target.value)}
          placeholder="name::1220…"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={errors.receiver ? true : undefined}
          aria-describedby={errors.receiver ? `${id}-receiver-error` : undefined}
          disabled={busy}
        />
        {errors.receiver && (
          <p id={`${id}-receiver-error`} className="field-error">
            {errors.receiver}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-amount`}>Amount ({instrument.id})</label>
        <input
          id={`${id}-amount`}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          placeholder="0.0"
          autoComplete="off"
          aria-invalid={errors.amount ? true : undefined}
          aria-describedby={errors.amount ? `${id}-amount-error` : undefined}
          disabled={busy}
        />
        {errors.amount && (
          <p id={`${id}-amount-error`} className="field-error">
            {errors.amount}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          Review
        </button>
      </div>
    </form>
  )
}
