/**
 * Dock apps: third-party web apps in sandboxed frames of the wallet page that use the wallet
 * through EIP-1193/EIP-6963 and the Canton dApp API (CIP-0103), every signature approved in the
 * wallet's own review. The page is its own chunk; the dashboard's link is light.
 */
import { lazyComponent } from '../../lib/lazyComponent'

export type {
  CantonDappEvent,
  CantonDappHandler,
  CantonDappHandlerDeps,
  CantonDappIntegration,
} from './cantonDapp'
export { DockLink } from './DockLink'
export type { DockPageProps } from './DockPage'

/** `/dock`, loaded when first shown. */
export const DockPage = lazyComponent(() => import('./DockPage').then((m) => m.DockPage))
