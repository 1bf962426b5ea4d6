/**
 * Dock apps: third-party web apps in sandboxed frames of the wallet page that use the wallet
 * through EIP-1193/EIP-6963 and the Canton dApp API (CIP-0103), every signature approved in the
 * wallet's own review. The page is its own chunk; the dashboard's link is light.
 */
import { createElement } from 'react'
import { lazyComponent } from '../../lib/lazyComponent'
import type { DockPageProps } from './DockPage'

export type { CantonDappIntegration } from './cantonDapp'
export { DockLink } from './DockLink'
export type { DockPageProps }

const LazyDockPage = lazyComponent(() => import('./DockPage').then((m) => m.DockPage))

/** `/dock`; its code (the page, the bridge, the reviews) loads when it first shows. */
export function DockPage(props: DockPageProps) {
  return createElement(LazyDockPage, props)
}
