import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useSyncExternalStore } from 'react'

/** The app's pages. Anything else falls back to `/`. */
export type Route = '/' | '/enroll' | '/dashboard' | '/dock' | '/admin' | '/recover'

const NAVIGATE_EVENT = 'stratos:navigate'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATE_EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATE_EVENT, onChange)
  }
}

/** Current path, kept in sync with the History API (back/forward included). */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname)
}

/** Client-side navigation: no reload, so keys held in memory stay where they are. */
export function navigate(to: Route, { replace = false }: { replace?: boolean } = {}): void {
  if (window.location.pathname === to && !window.location.hash) return
  if (replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

/** Renders nothing; replaces the current page with `to` after render. */
export function Redirect({ to }: { to: Route }) {
  useEffect(() => navigate(to, { replace: true }), [to])
  return null
}

/** An `<a>` that navigates in-app on a plain left click and behaves like a link otherwise. */
export function Link({ to, ...props }: { to: Route } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    props.onClick?.(event)
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return
    event.preventDefault()
    navigate(to)
  }
  return <a {...props} href={to} onClick={onClick} />
}
