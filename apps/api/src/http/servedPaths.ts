/** Paths the API answers besides `/api/*`: the probes and the WebAuthn related-origins list. */
const API_PATHS_OUTSIDE_API = new Set(['/healthz', '/readyz', '/.well-known/webauthn'])

/**
 * Whether a request path is the API's (the rest is the single-page app's files), as both the
 * Node server and the Worker route them.
 */
export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || API_PATHS_OUTSIDE_API.has(pathname)
}

/**
 * Cache-Control of a file of the built web app: hashed build assets never change; index.html (and
 * what else is not under /assets/) must be revalidated to pick up new builds.
 */
export function staticCacheControl(pathname: string): string {
  return pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'
}
