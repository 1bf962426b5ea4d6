import { Component, type ErrorInfo, type ReactNode } from 'react'
import { describeError } from '../describeError'

export interface ErrorBoundaryProps {
  /** What failed, as the person knows it, e.g. "The admin console" or "Your DeFi vault". */
  what: string
  /** `page` fills the screen (a route); `inline` takes the place of a part of a page. */
  variant: 'page' | 'inline'
  children: ReactNode
}

/**
 * Shows what failed and why (a chunk that did not load, or a render error) instead of a blank
 * page, with a reload button. A reload is the way out because React.lazy keeps a failed load;
 * it also locks the wallet (the keys are only in this page's memory), which the button says.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, { error: unknown }> {
  override state: { error: unknown } = { error: null }

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`${this.props.what} failed to render`, error, info.componentStack)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (error === null) return this.props.children
    const { what, variant } = this.props
    const alert = (
      <div role="alert" className="alert alert--error alert--dismissable">
        <span>
          {what} could not be shown. {describeError(error)}
        </span>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => window.location.reload()}
        >
          Reload the page (locks the wallet)
        </button>
      </div>
    )
    if (variant === 'inline') return alert
    return (
      <main className="page page--center">
        <section className="card card--narrow">
          <h1>Something went wrong</h1>
          {alert}
        </section>
      </main>
    )
  }
}
