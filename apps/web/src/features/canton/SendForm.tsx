import { CantonAmount, CantonPartyId } from '@stratos/schemas'
import { type FormEvent, useId, useState } from 'react'
import { api } from '../../lib/api'
import { TextField } from '../../lib/ui/TextField'
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
      <TextField
        id={`${id}-receiver`}
        label="Receiver party id"
        className="mono"
        value={receiver}
        onChange={setReceiver}
        placeholder="name::1220…"
        spellCheck={false}
        error={errors.receiver}
        disabled={busy}
      />
      <TextField
        id={`${id}-amount`}
        label={`Amount (${instrument.id})`}
        inputMode="decimal"
        value={amount}
        onChange={setAmount}
        placeholder="0.0"
        error={errors.amount}
        disabled={busy}
      />
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
