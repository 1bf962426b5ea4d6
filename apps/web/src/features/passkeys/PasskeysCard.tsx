import type { Credential } from '@stratos/schemas'
import { type FormEvent, useId, useState } from 'react'
import { useSession } from '../../lib/session'
import { Spinner } from '../../lib/ui/Spinner'
import { useAddBackupPasskey } from './useAddBackupPasskey'
import { type ManagePasskeyAction, useManagePasskey } from './useManagePasskey'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** The longest passkey name the API accepts. */
const NAME_MAX = 64

/**
 * The user's passkeys: what each is (its name, the authenticator that holds it, whether its
 * provider syncs it), rename and remove, and "Add backup passkey" while unlocked: a wallet whose
 * only passkey is lost is lost, so a second device or security key that opens the same wallet is
 * the backup. Every change asks for a step-up with one of the user's passkeys.
 */
export function PasskeysCard() {
  const { me, vault } = useSession()
  const add = useAddBackupPasskey()
  const manage = useManagePasskey()
  const [lastAction, setLastAction] = useState<'add' | 'manage'>('add')
  if (!me) return null
  const single = me.credentials.length === 1
  const busy = add.busy || manage.busy
  // What the last action said: its confirmation or its failure.
  const last = lastAction === 'add' ? add : manage

  return (
    <section className="card passkeys" aria-labelledby="passkeys-heading">
      <header className="card__header">
        <div>
          <h2 id="passkeys-heading">Passkeys</h2>
          <p className="muted">
            Each of these opens your wallet.{' '}
            {single && 'You have only one: if you lose it, the wallet is lost. Add a backup passkey.'}
          </p>
        </div>
        {vault && (
          <button
            type="button"
            className="button button--primary button--small"
            onClick={() => {
              setLastAction('add')
              void add.run()
            }}
            disabled={busy}
          >
            {add.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
            Add backup passkey
          </button>
        )}
      </header>
      <ul className="passkeys__list" aria-label="Your passkeys">
        {me.credentials.map((credential) => (
          <PasskeyItem
            key={credential.id}
            credential={credential}
            only={single}
            manage={manage}
            onChange={() => setLastAction('manage')}
            disabled={busy}
          />
        ))}
      </ul>
      {!vault && (
        <p className="muted small">
          To add a backup passkey, unlock your wallet first: the new passkey gets its own sealed copy of your
          wallet key, and only the unlocked wallet can make it.
        </p>
      )}
      <p className="muted small">
        Adding, renaming or removing a passkey asks you to confirm with one of your passkeys first, so that
        nobody who got hold of this browser session can change them.
      </p>
      {add.busy && (
        <p role="status" className="status">
          <Spinner label="Confirm with one of your passkeys, then follow your browser's prompts on the new device or security key (create, then confirm)…" />
        </p>
      )}
      {manage.busy && (
        <p role="status" className="status">
          <Spinner label="Confirm this change with one of your passkeys…" />
        </p>
      )}
      {!busy && last.status && (
        <p role="status" className="alert alert--success">
          {last.status}
        </p>
      )}
      {!busy && last.error && (
        <p role="alert" className="alert alert--error">
          {last.error}
        </p>
      )}
    </section>
  )
}

interface PasskeyItemProps {
  credential: Credential
  /** The user's only passkey: it cannot be removed. */
  only: boolean
  manage: ManagePasskeyAction
  /** Called as a change of this passkey starts. */
  onChange(): void
  disabled: boolean
}

/** One passkey: its name and authenticator, sync state, dates, and its Rename / Remove actions. */
function PasskeyItem({ credential, only, manage, onChange, disabled }: PasskeyItemProps) {
  const [mode, setMode] = useState<'view' | 'rename' | 'remove'>('view')
  const kind = credential.kind === 'primary' ? 'Original passkey' : 'Backup passkey'
  const title = credential.name ?? credential.authenticatorName ?? kind
  const details = [credential.name && credential.authenticatorName, title !== kind && kind].filter(Boolean)
  const onlyReason = `${title} is your only passkey: removing it would lose the wallet. Add a backup passkey first.`

  return (
    <li className="passkeys__item" aria-label={title}>
      <PasskeyIcon synced={credential.backupEligible} />
      <div className="passkeys__main">
        <strong className="passkeys__name">{title}</strong>
        {details.length > 0 && <span className="small muted">{details.join(' · ')}</span>}
        <span className="small muted">
          Created {dateTime.format(new Date(credential.createdAt))} ·{' '}
          {credential.lastUsedAt
            ? `Last used ${dateTime.format(new Date(credential.lastUsedAt))}`
            : 'Not used to sign in yet'}
        </span>
      </div>
      <span className={`pill ${credential.backedUp ? 'pill--synced' : ''}`}>
        {credential.backedUp
          ? 'Synced by its provider'
          : credential.backupEligible
            ? 'Can be synced, not backed up yet'
            : 'On one device only'}
      </span>
      {mode === 'view' && (
        <div className="passkeys__actions">
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => setMode('rename')}
            disabled={disabled}
            aria-label={`Rename ${title}`}
          >
            Rename
          </button>
          <button
            type="button"
            className="button button--ghost button--small button--danger"
            onClick={() => setMode('remove')}
            disabled={disabled || only}
            aria-label={`Remove ${title}`}
            title={only ? onlyReason : undefined}
          >
            Remove
          </button>
        </div>
      )}
      {mode === 'view' && only && <p className="passkeys__note small muted">{onlyReason}</p>}
      {mode === 'rename' && (
        <RenameForm
          current={credential.name ?? ''}
          title={title}
          disabled={disabled}
          onCancel={() => setMode('view')}
          onSave={async (name) => {
            onChange()
            await manage.run({ kind: 'rename', id: credential.id, name })
            setMode('view')
          }}
        />
      )}
      {mode === 'remove' && (
        <div className="passkeys__confirm">
          <p className="small">
            Remove <strong>{title}</strong>? It will no longer open your wallet. You will confirm with one of
            your passkeys.
          </p>
          <div className="passkeys__actions">
            <button
              type="button"
              className="button button--danger-solid button--small"
              disabled={disabled}
              onClick={async () => {
                onChange()
                await manage.run({ kind: 'remove', id: credential.id })
                setMode('view')
              }}
            >
              Remove passkey
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              disabled={disabled}
              onClick={() => setMode('view')}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
    </li>
  )
}

function RenameForm(props: {
  current: string
  title: string
  disabled: boolean
  onCancel(): void
  onSave(name: string): Promise<void>
}) {
  const id = useId()
  const [name, setName] = useState(props.current)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void props.onSave(name)
  }
  return (
    <form className="passkeys__rename" onSubmit={submit}>
      <label htmlFor={id} className="small">
        Name for {props.title}
      </label>
      <input
        id={id}
        value={name}
        maxLength={NAME_MAX}
        onChange={(e) => setName(e.target.value)}
        placeholder="e.g. Work laptop, Blue security key"
        autoComplete="off"
        // biome-ignore lint/a11y/noAutofocus: the field the person just asked for
        autoFocus
      />
      <div className="passkeys__actions">
        <button type="submit" className="button button--primary button--small" disabled={props.disabled}>
          Save name
        </button>
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={props.disabled}
          onClick={props.onCancel}
        >
          Cancel
        </button>
      </div>
    </form>
  )
}

/** A key for a passkey bound to one device, a key in a cloud for one its provider may sync. */
function PasskeyIcon({ synced }: { synced: boolean }) {
  return (
    <span className="passkeys__icon">
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        width="22"
        height="22"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
      >
        {synced && <path d="M7 18a4 4 0 0 1-.5-7.97A6 6 0 0 1 18 9a4.5 4.5 0 0 1 .5 8.97" opacity="0.55" />}
        <circle cx="9" cy="13" r="2.6" />
        <path d="M11.4 13H19m-2 0v2.4m-2.6-2.4v1.8" strokeLinecap="round" />
      </svg>
    </span>
  )
}
