import type { ReactNode } from 'react'

export interface CantonNodeCardProps {
  /** Distinguishes the heading's id (`admin-canton-<name>-heading`). */
  name: string
  title: string
  description: ReactNode
  /** Whether a Canton connection is set; without one the card says to set it first. */
  configured: boolean
  /** The header button that asks the participant again. */
  refresh: { label: ReactNode; onClick(): void; busy: boolean }
  /** The card's body, shown once a connection is set. */
  children: ReactNode
}

/** The frame every Canton node section of the admin console shares. */
export function CantonNodeCard({
  name,
  title,
  description,
  configured,
  refresh,
  children,
}: CantonNodeCardProps) {
  const headingId = `admin-canton-${name}-heading`
  return (
    <section className="card" aria-labelledby={headingId}>
      <header className="card__header">
        <div>
          <h2 id={headingId}>{title}</h2>
          <p className="muted">{description}</p>
        </div>
        {configured && (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={refresh.onClick}
            disabled={refresh.busy}
          >
            {refresh.label}
          </button>
        )}
      </header>
      {configured ? children : <p className="muted">Set a Canton connection first.</p>}
    </section>
  )
}
