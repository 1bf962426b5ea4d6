import { Spinner } from './Spinner'

export interface LoadingProps {
  /** What is loading, e.g. "Loading your EVM account…". */
  label: string
  /** `page` fills the screen (a route); `inline` takes the place of a part of a page. */
  variant: 'page' | 'inline'
}

/** The placeholder of a page, or of a part of one, whose code or data is on its way. */
export function Loading({ label, variant }: LoadingProps) {
  if (variant === 'page')
    return (
      <main className="page page--center" aria-busy="true">
        <Spinner label={label} />
      </main>
    )
  return (
    <p role="status" className="status">
      <Spinner label={label} />
    </p>
  )
}
