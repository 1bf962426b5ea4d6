import { type ComponentType, type LazyExoticComponent, lazy } from 'react'
import { loadChunk } from './loadChunk'

/**
 * `React.lazy` for a named export: `lazyComponent(() => import('./features/admin').then((m) => m.AdminPage))`.
 * Render it inside `<Suspense>` (what shows while it loads) and an `ErrorBoundary` (what shows if
 * its chunk fails to load: a `ChunkLoadError`).
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
): LazyExoticComponent<ComponentType<P>> {
  return lazy(async () => ({ default: await loadChunk(load) }))
}
