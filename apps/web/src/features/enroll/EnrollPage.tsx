import { Link } from '../../lib/router'
import { useSession } from '../../lib/session'
import { Brand } from '../../lib/ui/Brand'
import { CreateAccountForm } from '../auth'

/** The one-time token a link carries: the admin enrollment token, or an admin's invite. */
type LinkToken = { kind: 'enroll'; token: string } | { kind: 'invite'; token: string }

/**
 * Tokens travel in the URL fragment, which browsers never send to a server; it is read here and
 * sent once, with the registration request.
 */
function readLinkToken(): LinkToken | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1))
  const invite = fragment.get('invite')?.trim()
  if (invite) return { kind: 'invite', token: invite }
  const token = fragment.get('token')?.trim()
  return token ? { kind: 'enroll', token } : null
}

/**
 * `/enroll#token=…`: the one-time link that makes its first user the instance's admin.
 * `/enroll#invite=…`: an admin's one-time invite, whose account gets the role the admin chose.
 */
export function EnrollPage() {
  const { config } = useSession()
  const link = readLinkToken()

  return (
    <main className="page page--center">
      <section className="card card--narrow">
        <Brand />
        {link?.kind === 'enroll' && (
          <>
            <h1>Set up the administrator account</h1>
            <p className="muted">
              This one-time link makes the account you create now the administrator of {config.instanceName}.
              It stops working once used.
            </p>
            {!config.needsAdmin && (
              <p className="callout">
                This instance already has an administrator, so the link has probably been used.
              </p>
            )}
            <CreateAccountForm enrollToken={link.token} />
          </>
        )}
        {link?.kind === 'invite' && (
          <>
            <h1>You are invited to {config.instanceName}</h1>
            <p className="muted">
              An administrator sent you this one-time link. Create your account with a passkey: the link stops
              working once used or when it expires. Already have an account? <Link to="/">Sign in</Link>.
            </p>
            <CreateAccountForm inviteToken={link.token} />
          </>
        )}
        {!link && (
          <>
            <h1>This link is incomplete</h1>
            <p className="muted">
              Copy the whole link you were given, including the part after <code>#token=</code> or{' '}
              <code>#invite=</code>.
            </p>
            <Link to="/" className="button button--secondary">
              Go to the start page
            </Link>
          </>
        )}
      </section>
    </main>
  )
}
