import { Component, type ErrorInfo, type ReactNode } from 'react'
import { describeError } from '../describeError'
import { SupportContact } from './SupportContact'

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
 * it also locks the wallet (the keys are only in this page's memory), which the message says.
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
    const reload = (
      <button
        type="button"
        className={`button ${variant === 'page' ? 'button--primary' : 'button--secondary button--small'}`}
        onClick={() => window.location.reload()}
      >
        Reload the page
      </button>
    )
    const locks = 'Reloading locks the wallet: unlock it again with your passkey.'
    if (variant === 'inline')
      return (
        <div role="alert" className="alert alert--error alert--dismissable">
          <span>
            {what} could not be shown. {describeError(error)} {locks}
          </span>
          {reload}
        </div>
      )
    return (
      <main className="page page--center">
        <section className="card card--narrow">
          <h1>{what} could not be shown</h1>
          <p role="alert" className="alert alert--error">
            {describeError(error)}
          </p>
          <div className="actions">{reload}</div>
          <p className="hint">{locks}</p>
          <SupportContact lead="If it keeps failing, ask for help:" />
        </section>
      </main>
    )
  }
}
