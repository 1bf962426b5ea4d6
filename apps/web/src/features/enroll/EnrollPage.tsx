import { Link } from '../../lib/router'
import { useSession } from '../../lib/session'
import { Brand } from '../../lib/ui/Brand'
import { CreateAccountForm } from '../auth'

/**
 * The token travels in the URL fragment, which browsers never send to a server; it is read here
 * and sent once, with the registration request.
 */
function readEnrollToken(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token')
  return token?.trim() ? token.trim() : null
}

/** `/enroll#token=…`: the one-time link that makes its first user the instance's admin. */
export function EnrollPage() {
  const { config } = useSession()
  const token = readEnrollToken()

  return (
    <main className="page page--center">
      <section className="card card--narrow">
        <Brand name={config.instanceName} />
        {token ? (
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
            <CreateAccountForm enrollToken={token} />
          </>
        ) : (
          <>
            <h1>This enrollment link is incomplete</h1>
            <p className="muted">
              Copy the whole link the server printed, including the part after <code>#token=</code>.
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
