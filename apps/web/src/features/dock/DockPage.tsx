import { useState } from 'react'
import { Link, Redirect } from '../../lib/router'
import { useSession } from '../../lib/session'
import { Brand } from '../../lib/ui/Brand'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { LockButton } from '../lock'
import { ApprovalDialog } from './ApprovalDialog'
import { ConnectedAppsCard } from './ConnectedAppsCard'
import { type CantonDappIntegration, cantonIntegration } from './cantonDapp'
import type { DockApp } from './dockApi'
import { useDockApps } from './queries'
import { useDockBridge } from './useDockBridge'
import './dock.css'

/**
 * The sandbox of a dock app's frame: its own origin (storage, cookies), scripts, forms and
 * popups; no top navigation, no downloads, no modals over the wallet, and no feature policy
 * (`allow`): camera, payment, clipboard and the like stay off.
 */
export const DOCK_SANDBOX =
  'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox'

/** True when `app.url` is served from `app.origin` (what every message is checked against). */
function servedFromOrigin(app: DockApp): boolean {
  try {
    return new URL(app.url).origin === app.origin
  } catch {
    return false
  }
}

export interface DockPageProps {
  /** The Canton dApp API for CIP-0103 requests; the build's own (`cantonWiring.ts`) when omitted. */
  canton?: CantonDappIntegration | null
}

/**
 * `/dock`: the dock bar (each app's icon and name), the chosen app in its sandboxed frame, the
 * user's connected apps, and the wallet's approval dialog for whatever an app asks.
 */
export function DockPage({ canton = cantonIntegration }: DockPageProps) {
  const { me } = useSession()
  const apps = useDockApps()
  const list = apps.data ?? []
  const [selectedId, setSelectedId] = useState<string | null>(() =>
    new URLSearchParams(window.location.search).get('app'),
  )
  // Apps opened once stay loaded (hidden) while another is shown, so switching keeps their state.
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set())
  const { head, frameRef, emit } = useDockBridge(list, canton)
  if (!me) return <Redirect to="/" />

  const selected = list.find((a) => a.id === selectedId) ?? list[0] ?? null
  const mounted = list.filter((a) => a.id === selected?.id || opened.has(a.id))

  function open(app: DockApp) {
    setSelectedId(app.id)
    setOpened((prev) => new Set(prev).add(app.id))
  }

  return (
    <div className="app-shell">
      <header className="topbar">
        <Brand />
        <div className="topbar__user">
          <Link to="/dashboard" className="button button--ghost button--small">
            Wallet
          </Link>
          <span className="user-name">{me.user.displayName}</span>
          <LockButton />
        </div>
      </header>
      <main className="page page--dock">
        <h1 className="visually-hidden">Dock</h1>
        <QueryStatus query={apps} loading="Loading your apps…" />
        {apps.data && list.length === 0 && (
          <section className="card">
            <h2>No apps yet</h2>
            <p className="muted">Your wallet's admin has not added apps to the dock.</p>
          </section>
        )}
        {list.length > 0 && (
          <div className="dock">
            <nav className="dock__bar" aria-label="Dock apps">
              {list.map((app) => (
                <button
                  key={app.id}
                  type="button"
                  className="dock__app"
                  aria-current={app.id === selected?.id ? 'page' : undefined}
                  onClick={() => open(app)}
                >
                  {app.icon?.startsWith('data:') ? (
                    <img className="dock__icon" src={app.icon} alt="" />
                  ) : (
                    <span className="dock__icon dock__icon--initial" aria-hidden="true">
                      {[...app.name][0]?.toUpperCase()}
                    </span>
                  )}
                  <span className="dock__name">{app.name}</span>
                </button>
              ))}
            </nav>
            <div className="dock__stage">
              {mounted.map((app) =>
                servedFromOrigin(app) ? (
                  <iframe
                    key={app.id}
                    ref={frameRef(app.id)}
                    className="dock__frame"
                    src={app.url}
                    title={app.name}
                    sandbox={DOCK_SANDBOX}
                    referrerPolicy="no-referrer"
                    hidden={app.id !== selected?.id}
                  />
                ) : (
                  app.id === selected?.id && (
                    <p key={app.id} role="alert" className="alert alert--error">
                      {app.name} is not served from its configured origin ({app.origin}); the wallet does not
                      open it. Tell your wallet's admin.
                    </p>
                  )
                ),
              )}
            </div>
          </div>
        )}
        <ConnectedAppsCard
          apps={list}
          onRevoked={(grant) => {
            if (grant.accounts.some((a) => a.startsWith('0x')))
              emit(grant.appId, 'eip1193', 'accountsChanged', [])
            if (grant.networks.includes('canton')) emit(grant.appId, 'cip0103', 'accountsChanged', [])
          }}
        />
        {head && <ApprovalDialog key={head.id} approval={head} canton={canton} />}
      </main>
    </div>
  )
}
