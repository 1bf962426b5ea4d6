import { Link, Redirect } from '../../lib/router'
import { useSession } from '../../lib/session'
import { Brand } from '../../lib/ui/Brand'
import { useAction } from '../../lib/useAction'
import { AdminLimitSection } from './AdminLimitSection'
import { AuditLogSection } from './AuditLogSection'
import { CantonConnectionSection } from './CantonConnectionSection'
import { DefiVaultsSection } from './DefiVaultsSection'
import { InvitesSection } from './InvitesSection'
import { PackagesSection } from './PackagesSection'
import { useAdminCanton } from './queries'
import { UsersSection } from './UsersSection'
import './admin.css'

/** `/admin`: the admin console. Other roles are sent back to the wallet (the API refuses them too). */
export function AdminPage() {
  const session = useSession()
  const { config, me } = session
  const signOut = useAction(session.signOut)
  const connection = useAdminCanton(me?.user.role === 'admin')
  if (!me) return <Redirect to="/" />
  if (me.user.role !== 'admin') return <Redirect to="/dashboard" />

  return (
    <div className="app-shell">
      <header className="topbar">
        <Brand name={config.instanceName} />
        <nav className="topbar__user" aria-label="Account">
          <Link to="/dashboard" className="button button--ghost button--small">
            Wallet
          </Link>
          <span className="user-name">{me.user.displayName}</span>
          <span className={`badge badge--${me.user.role}`}>{me.user.role}</span>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => void signOut.run()}
            disabled={signOut.busy}
          >
            Sign out
          </button>
        </nav>
      </header>

      <main className="page page--dashboard admin">
        <div>
          <h1>Admin console</h1>
          <p className="muted">
            Settings of this instance. Every change here is written to the audit log with your name.
          </p>
        </div>
        {signOut.error && (
          <p role="alert" className="alert alert--error">
            {signOut.error}
          </p>
        )}
        <UsersSection />
        <InvitesSection />
        <AdminLimitSection />
        <CantonConnectionSection query={connection} />
        <PackagesSection configured={connection.data !== undefined && connection.data.source !== 'none'} />
        <DefiVaultsSection />
        <AuditLogSection />
      </main>
    </div>
  )
}
