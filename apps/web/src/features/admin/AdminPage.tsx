import { Link, Redirect } from '../../lib/router'
import { useSession } from '../../lib/session'
import { Brand } from '../../lib/ui/Brand'
import { SupportLink } from '../../lib/ui/SupportContact'
import { useAction } from '../../lib/useAction'
import { AdminRecoveriesSection } from '../recovery'
import { AdminKeyPolicySection } from './AdminKeyPolicySection'
import { AdminLimitSection } from './AdminLimitSection'
import { AuditLogSection } from './AuditLogSection'
import { BrandingSection } from './BrandingSection'
import { CantonConnectionSection } from './CantonConnectionSection'
import { CantonHealthSection } from './CantonHealthSection'
import { CantonPartiesSection } from './CantonPartiesSection'
import { DefiVaultsSection } from './DefiVaultsSection'
import { DockAppsSection } from './DockAppsSection'
import { InvitesSection } from './InvitesSection'
import { LedgerUsersSection } from './LedgerUsersSection'
import { NetworksSection } from './NetworksSection'
import { PackagesSection } from './PackagesSection'
import { PricesSection } from './PricesSection'
import { useAdminCanton } from './queries'
import { TokensSection } from './TokensSection'
import { UsersSection } from './UsersSection'
import './admin.css'

/**
 * `/admin`: the admin console, for an admin user or an operator signed in through the identity
 * provider (who has no wallet to go back to). Other roles are sent back to the wallet (the API
 * refuses them too).
 */
export function AdminPage() {
  const session = useSession()
  const { me, operator } = session
  const signOut = useAction(session.signOut)
  const connection = useAdminCanton(me?.user.role === 'admin' || operator !== null)
  const who = operator
    ? { name: operator.displayName, role: 'operator' }
    : me && { name: me.user.displayName, role: me.user.role }
  const cantonConfigured = connection.data !== undefined && connection.data.source !== 'none'
  if (!who) return <Redirect to="/" />
  if (who.role === 'user') return <Redirect to="/dashboard" />

  return (
    <div className="app-shell">
      <header className="topbar">
        <Brand />
        <nav className="topbar__user" aria-label="Account">
          {me && (
            <Link to="/dashboard" className="button button--ghost button--small">
              Wallet
            </Link>
          )}
          <SupportLink />
          <span className="user-name">{who.name}</span>
          <span className={`badge badge--${who.role}`}>{who.role}</span>
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
        <AdminKeyPolicySection />
        <BrandingSection />
        <NetworksSection />
        <TokensSection />
        <DockAppsSection />
        <PricesSection />
        <CantonConnectionSection query={connection} />
        <CantonHealthSection configured={cantonConfigured} />
        <PackagesSection configured={cantonConfigured} />
        <CantonPartiesSection configured={cantonConfigured} />
        <LedgerUsersSection configured={cantonConfigured} />
        <DefiVaultsSection />
        <AdminRecoveriesSection />
        <AuditLogSection />
      </main>
    </div>
  )
}
