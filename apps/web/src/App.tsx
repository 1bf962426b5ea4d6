import type { ReactNode } from 'react'
import { WelcomePage } from './features/auth'
import { AutoLock } from './features/lock'
import { NoPrfPage } from './features/no-prf'
import { lazyComponent } from './lib/lazyComponent'
import { Redirect, usePath } from './lib/router'
import { useSession } from './lib/session'
import { LazyBoundary } from './lib/ui/LazyBoundary'
import { useBrandTheme } from './lib/useBrandTheme'

// The welcome page (sign in, create account) and the no-PRF page it may lead to ship with the app; every other page is its own
// chunk, loaded the first time it shows.
const AdminPage = lazyComponent(() => import('./features/admin').then((m) => m.AdminPage))
const DashboardPage = lazyComponent(() => import('./features/dashboard').then((m) => m.DashboardPage))
const DockPage = lazyComponent(() => import('./features/dock').then((m) => m.DockPage))
const EnrollPage = lazyComponent(() => import('./features/enroll').then((m) => m.EnrollPage))
const RecoverPage = lazyComponent(() => import('./features/recovery').then((m) => m.RecoverPage))

/**
 * Routes: `/` welcome, `/enroll` admin enrollment, `/dashboard` the wallet, `/dock` the dock apps,
 * `/admin` the admin console, `/recover` recovery through guardians on a new device.
 */
export function App() {
  const session = useSession()
  const path = usePath()
  useBrandTheme(session.config.brand)

  let page: ReactNode
  // What the page is (for an error) and what shows while its code loads.
  let what = 'This page'
  let loading = 'Loading…'
  if (session.operator) {
    // An operator (OIDC) has the admin console and nothing else: no wallet, no keys to derive.
    page = path === '/admin' ? <AdminPage /> : <Redirect to="/admin" />
    what = 'The admin console'
    loading = 'Loading the admin console…'
  } else if (session.noPrf) {
    page = <NoPrfPage context={session.noPrf} onRetry={() => session.setNoPrf(null)} />
  } else if (path === '/enroll') {
    page = <EnrollPage />
    what = 'The enrollment page'
    loading = 'Loading the enrollment page…'
  } else if (path === '/dashboard') {
    page = session.me ? <DashboardPage /> : <Redirect to="/" />
    what = 'Your wallet'
    loading = 'Loading your wallet…'
  } else if (path === '/dock') {
    page = session.me ? <DockPage /> : <Redirect to="/" />
    what = 'The dock'
    loading = 'Loading your apps…'
  } else if (path === '/admin') {
    page = session.me ? <AdminPage /> : <Redirect to="/" />
    what = 'The admin console'
    loading = 'Loading the admin console…'
  } else if (path === '/recover') {
    page = session.me ? <Redirect to="/dashboard" /> : <RecoverPage />
    what = 'The recovery page'
    loading = 'Loading the recovery page…'
  } else if (path === '/') {
    page = session.me ? <Redirect to="/dashboard" /> : <WelcomePage />
  } else {
    page = <Redirect to={session.me ? '/dashboard' : '/'} />
  }

  return (
    <>
      <AutoLock />
      {/* Keyed by path: a page that failed to load does not stay on screen after navigating away. */}
      <LazyBoundary key={path} what={what} loading={loading} variant="page">
        {page}
      </LazyBoundary>
    </>
  )
}
