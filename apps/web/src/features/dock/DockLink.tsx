import { Link } from '../../lib/router'
import { useDockApps } from './queries'

/** "Dock" in the dashboard's top bar, when the user has dock apps. */
export function DockLink() {
  const apps = useDockApps()
  if (!apps.data?.length) return null
  return (
    <Link to="/dock" className="button button--ghost button--small">
      Dock
    </Link>
  )
}
