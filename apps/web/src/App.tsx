import type { ReactNode } from 'react'
import { AdminPage } from './features/admin'
import { WelcomePage } from './features/auth'
import { DashboardPage } from './features/dashboard'
import { EnrollPage } from './features/enroll'
import { AutoLock } from './features/lock'
import { NoPrfPage } from './features/no-prf'
import { Redirect, usePath } from './lib/router'
import { useSession } from './lib/session'

/** Routes: `/` welcome, `/enroll` admin enrollment, `/dashboard` the wallet, `/admin` the admin console. */
export function App() {
  const session = useSession()
  const path = usePath()

  let page: ReactNode
  if (session.noPrf) {
    page = <NoPrfPage context={session.noPrf} onRetry={() => session.setNoPrf(null)} />
  } else if (path === '/enroll') {
    page = <EnrollPage />
  } else if (path === '/dashboard') {
    page = session.me ? <DashboardPage /> : <Redirect to="/" />
  } else if (path === '/admin') {
    page = session.me ? <AdminPage /> : <Redirect to="/" />
  } else if (path === '/') {
    page = session.me ? <Redirect to="/dashboard" /> : <WelcomePage />
  } else {
    page = <Redirect to={session.me ? '/dashboard' : '/'} />
  }

  return (
    <>
      <AutoLock />
      {page}
    </>
  )
}
