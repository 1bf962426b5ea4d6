import type { Credential } from '@stratos/schemas'
import { useSession } from '../../lib/session'
import { Spinner } from '../../lib/ui/Spinner'
import { useAddBackupPasskey } from './useAddBackupPasskey'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * The user's passkeys, and "Add backup passkey" while unlocked: a wallet whose only passkey is
 * lost is lost, so a second device or security key that opens the same wallet is the backup.
 */
export function PasskeysCard() {
  const { me, vault } = useSession()
  const add = useAddBackupPasskey()
  if (!me) return null
  const single = me.credentials.length === 1

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
            onClick={() => void add.run()}
            disabled={add.busy}
          >
            {add.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
            Add backup passkey
          </button>
        )}
      </header>
      <ul className="passkeys__list" aria-label="Your passkeys">
        {me.credentials.map((credential) => (
          <PasskeyItem key={credential.id} credential={credential} />
        ))}
      </ul>
      {!vault && (
        <p className="muted small">
          To add a backup passkey, unlock your wallet first: the new passkey gets its own sealed copy of your
          wallet key, and only the unlocked wallet can make it.
        </p>
      )}
      {add.busy && (
        <p role="status" className="status">
          <Spinner label="Follow your browser's passkey prompts on the new device or security key (create, then confirm)…" />
        </p>
      )}
      {add.status && (
        <p role="status" className="alert alert--success">
          {add.status}
        </p>
      )}
      {add.error && (
        <p role="alert" className="alert alert--error">
          {add.error}
        </p>
      )}
    </section>
  )
}

function PasskeyItem({ credential }: { credential: Credential }) {
  return (
    <li className="passkeys__item">
      <strong>{credential.kind === 'primary' ? 'Original passkey' : 'Backup passkey'}</strong>
      <span className="small">Created {dateTime.format(new Date(credential.createdAt))}</span>
      <span className="small">
        {credential.lastUsedAt
          ? `Last used ${dateTime.format(new Date(credential.lastUsedAt))}`
          : 'Not used to sign in yet'}
      </span>
      <span className="pill">{credential.backedUp ? 'Synced by its provider' : 'On one device only'}</span>
    </li>
  )
}
