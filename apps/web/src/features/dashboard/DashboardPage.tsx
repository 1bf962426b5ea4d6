import type { ChainAddresses } from '@stratos/schemas'
import { lazyComponent } from '../../lib/lazyComponent'
import { Link, Redirect } from '../../lib/router'
import { useSession } from '../../lib/session'
import { Brand } from '../../lib/ui/Brand'
import { LazyBoundary } from '../../lib/ui/LazyBoundary'
import { SupportLink } from '../../lib/ui/SupportContact'
import { useAction } from '../../lib/useAction'
import { CantonCard, CantonPartyId } from '../canton'
import { DefiCard } from '../defi'
import { DockLink } from '../dock'
import { LockButton, LockPanel } from '../lock'
import { PasskeysCard } from '../passkeys'
import { SessionsCard } from '../sessions'
import { RecentSignInsCard } from '../sign-ins'
import { WalletNetworks } from '../wallet'
import { AddressCard } from './AddressCard'

// Recovery through guardians loads after the wallet shows (its own chunk).
const RecoveryBanner = lazyComponent(() => import('../recovery').then((m) => m.RecoveryBanner))
const GuardianRequestsCard = lazyComponent(() => import('../recovery').then((m) => m.GuardianRequestsCard))
const RecoveryCard = lazyComponent(() => import('../recovery').then((m) => m.RecoveryCard))

/** `/dashboard`: the signed-in wallet. Works locked (server addresses) and unlocked (keys in memory). */
export function DashboardPage() {
  const session = useSession()
  const { config, me, derived, vault, notice } = session
  const signOut = useAction(session.signOut)
  if (!me) return <Redirect to="/" />

  // The server's copy is what the account is; while unlocked, the derivation says the same.
  const addresses: ChainAddresses | null = me.addresses ?? derived

  return (
    <div className="app-shell">
      <header className="topbar">
        <Brand />
        <div className="topbar__user">
          {me.user.role === 'admin' && (
            <Link to="/admin" className="button button--ghost button--small">
              Admin
            </Link>
          )}
          <DockLink />
          <SupportLink />
          <span className="user-name">{me.user.displayName}</span>
          <span className={`badge badge--${me.user.role}`}>{me.user.role}</span>
          <LockButton />
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => void signOut.run()}
            disabled={signOut.busy}
          >
            Sign out
          </button>
        </div>
      </header>

      <main className="page page--dashboard">
        <h1 className="visually-hidden">Wallet</h1>
        {signOut.error && (
          <p role="alert" className="alert alert--error">
            {signOut.error}
          </p>
        )}
        {notice && (
          <div role="alert" className="alert alert--error alert--dismissable">
            <span>{notice}</span>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => session.setNotice(null)}
            >
              Dismiss
            </button>
          </div>
        )}
        <LazyBoundary what="Recovery requests" loading={null} variant="inline">
          <RecoveryBanner />
        </LazyBoundary>
        <LockPanel />
        <LazyBoundary what="Guardian requests" loading={null} variant="inline">
          <GuardianRequestsCard />
        </LazyBoundary>

        {addresses ? (
          <>
            <WalletNetworks addresses={addresses} devFaucets={config.devMode} />
            <CantonCard />
            <DefiCard />
            <section className="addresses">
              <h2>Your addresses</h2>
              <p className="muted">
                Derived in your browser from your passkey. The server keeps only these public addresses.
              </p>
              <div className="address-grid">
                <AddressCard
                  chain="evm"
                  title="EVM"
                  subtitle={`Ethereum and EVM chains · ${config.evm.name}`}
                  address={addresses.evm}
                />
                <AddressCard
                  chain="solana"
                  title="Solana"
                  subtitle="Ed25519 account"
                  address={addresses.solana}
                />
                <AddressCard
                  chain="bitcoin"
                  title="Bitcoin"
                  subtitle="Native SegWit (P2WPKH)"
                  address={addresses.bitcoin}
                />
                <AddressCard chain="tron" title="TRON" subtitle="Base58 account" address={addresses.tron} />
                <AddressCard chain="ton" title="TON" subtitle="Wallet v5r1" address={addresses.ton}>
                  {vault && derived?.tonV4 && (
                    <p className="small muted">
                      Wallet v4r2: <code className="mono break">{derived.tonV4}</code>
                    </p>
                  )}
                </AddressCard>
                <AddressCard
                  chain="canton"
                  title="Canton"
                  subtitle="External party key fingerprint"
                  address={addresses.canton}
                >
                  <CantonPartyId />
                </AddressCard>
              </div>
            </section>
          </>
        ) : (
          <section className="card">
            <h2>No addresses yet</h2>
            <p className="muted">Unlock with your passkey to derive your addresses.</p>
          </section>
        )}
        <PasskeysCard />
        <SessionsCard />
        <RecentSignInsCard />
        <LazyBoundary what="Recovery" loading="Loading recovery…" variant="inline">
          <RecoveryCard />
        </LazyBoundary>
      </main>
    </div>
  )
}
