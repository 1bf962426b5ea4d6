import { type ReactNode, Suspense } from 'react'
import { ErrorBoundary } from './ErrorBoundary'
import { Loading } from './Loading'

export interface LazyBoundaryProps {
  /** What the children are, as the person knows it ("The admin console"), for the error. */
  what: string
  /** What shows while their code loads; null shows nothing (for a card that may render nothing). */
  loading: string | null
  variant: 'page' | 'inline'
  children: ReactNode
}

/**
 * Where a lazily loaded page or card renders: a spinner while its chunk loads, and an error a
 * person understands (with a reload) if it does not, instead of a blank page.
 */
export function LazyBoundary({ what, loading, variant, children }: LazyBoundaryProps) {
  return (
    <ErrorBoundary what={what} variant={variant}>
      <Suspense fallback={loading === null ? null : <Loading label={loading} variant={variant} />}>
        {children}
      </Suspense>
    </ErrorBoundary>
  )
}
