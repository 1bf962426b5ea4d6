import { type FormEvent, useId, useState } from 'react'
import { useSession } from '../../lib/session'
import { Spinner } from '../../lib/ui/Spinner'
import { SupportContact } from '../../lib/ui/SupportContact'
import { useCreateAccount } from './useCreateAccount'

export interface CreateAccountFormProps {
  /** Admin enrollment token, when this form is the `/enroll#token=…` link's. */
  enrollToken?: string
  /** Invite token, when this form is an admin's `/enroll#invite=…` link's. */
  inviteToken?: string
  /** Called when a ceremony starts, so a sibling form can clear its own message. */
  onStart?: () => void
}

/** Display name + "Create account": creates a passkey and, from it, the wallet. */
export function CreateAccountForm({ enrollToken, inviteToken, onStart }: CreateAccountFormProps) {
  const { config } = useSession()
  const action = useCreateAccount()
  const [displayName, setDisplayName] = useState('')
  const [invalid, setInvalid] = useState<string | null>(null)
  const id = useId()

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const name = displayName.trim()
    if (!name) return setInvalid('Enter a name, so you and your administrators can recognise the account.')
    if (name.length > 64) return setInvalid('At most 64 characters.')
    setInvalid(null)
    onStart?.()
    void action.run(name, { enrollToken, inviteToken })
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={action.busy}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Display name</label>
        <input
          id={`${id}-name`}
          name="displayName"
          autoComplete="nickname"
          maxLength={64}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={`${id}-hint${invalid ? ` ${id}-error` : ''}`}
          disabled={action.busy}
          placeholder="Ada Lovelace"
        />
        <p id={`${id}-hint`} className="hint">
          Shown in {config.instanceName} and saved with your passkey.
        </p>
        {invalid && (
          <p id={`${id}-error`} className="field-error">
            {invalid}
          </p>
        )}
      </div>
      <button type="submit" className="button button--primary button--block" disabled={action.busy}>
        {action.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
        Create account
      </button>
      {action.busy && (
        <p role="status" className="status">
          <Spinner label="Follow your browser's passkey prompts (create, then confirm)…" />
        </p>
      )}
      {action.error && (
        <>
          <p role="alert" className="alert alert--error">
            {action.error}
          </p>
          <SupportContact lead="Stuck? Ask for help:" />
        </>
      )}
    </form>
  )
}
