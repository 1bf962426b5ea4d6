import { useEffect, useRef } from 'react'
import { SupportContact } from '../../lib/ui/SupportContact'

export interface NoPrfPageProps {
  /** Which ceremony met the passkey: says what was (not) done. */
  context: 'create' | 'sign-in' | 'add-backup'
  onRetry(): void
}

const NOTHING_DONE: Record<NoPrfPageProps['context'], string> = {
  create: 'No account was created and nothing was saved.',
  'sign-in': 'You were not signed in and nothing was changed.',
  'add-backup': 'No backup passkey was added and nothing was saved. Your wallet is unchanged.',
}

/** Shown when a passkey has no PRF: what happened, what works instead, and a way back. */
export function NoPrfPage({ context, onRetry }: NoPrfPageProps) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])

  return (
    <main className="page page--center">
      <section className="card card--narrow no-prf">
        <div className="no-prf__icon" aria-hidden="true">
          !
        </div>
        <h1 ref={heading} tabIndex={-1}>
          This passkey can't unlock a wallet
        </h1>
        <p>
          Your wallet keys are derived from your passkey with the WebAuthn <strong>PRF extension</strong>. The
          passkey you just used doesn't support it, so it cannot hold a wallet. {NOTHING_DONE[context]}
        </p>
        <h2>What works</h2>
        <ul className="checklist">
          <li>
            <strong>A platform passkey</strong> on a current version of Chrome, Safari or Edge, saved in
            iCloud Keychain, Google Password Manager or Windows Hello.
          </li>
          <li>
            <strong>A FIDO2 security key with hmac-secret</strong>, for example a recent YubiKey (series 5,
            firmware 5.2 or later).
          </li>
        </ul>
        <p className="muted">
          Some password-manager extensions take over passkey prompts without supporting PRF yet. If one
          appears, choose your browser's or your device's own passkey instead.
        </p>
        <button type="button" className="button button--primary" onClick={onRetry}>
          Try again
        </button>
        <SupportContact lead="Need a passkey that works? Ask for help:" />
      </section>
    </main>
  )
}
