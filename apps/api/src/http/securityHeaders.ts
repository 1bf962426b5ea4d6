import type { MiddlewareHandler } from 'hono'

/**
 * The Content-Security-Policy of the instance. The built web app has no inline script or style
 * (Vite emits files; React sets style properties through the CSSOM, which CSP does not govern),
 * so nothing here is `unsafe-*`. Images may be `data:` URLs (the favicon, QR codes, icons).
 * `frame-src` names the origins a document may frame: none, except the web app's HTML documents,
 * which frame the enabled dock apps ({@link documentFrameSources}). `frame-ancestors 'none'`
 * everywhere: the wallet is never framed itself.
 */
export function contentSecurityPolicy(frameSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-src ${frameSources.length > 0 ? frameSources.join(' ') : "'none'"}`,
    "frame-ancestors 'none'",
  ].join('; ')
}

/** The policy of every answer that is not one of the web app's HTML documents: nothing framed. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy()

/**
 * Powerful browser features the wallet never uses are off for every frame; WebAuthn (passkeys)
 * is allowed for the instance's own origin only. Clipboard writes (the copy buttons) stay with
 * the browser's default.
 */
export const PERMISSIONS_POLICY = [
  'publickey-credentials-get=(self)',
  'publickey-credentials-create=(self)',
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'serial=()',
  'usb=()',
].join(', ')

/**
 * The security headers of every response of the instance: the web app's pages and assets and the
 * API's answers, on any runtime. `Strict-Transport-Security` only when the public origin is https
 * (on plain-http loopback development a browser would ignore it, and it must never pin a name
 * that is served over http).
 */
export function securityHeaders(origin: string): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    ...(new URL(origin).protocol === 'https:'
      ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' }
      : {}),
  }
}

/**
 * Sets {@link securityHeaders} on every response. Set before the handler runs, so the answer is
 * built with them (changed afterwards, @hono/node-server rebuilds and streams the response).
 */
export function securityHeadersMiddleware(origin: string): MiddlewareHandler {
  const headers = Object.entries(securityHeaders(origin))
  return async (c, next) => {
    for (const [name, value] of headers) c.header(name, value)
    await next()
  }
}

/**
 * The web app's HTML documents get a `frame-src` of the enabled dock apps' origins (`readOrigins`,
 * read from the database per document, so an admin's change applies on the next page load on
 * every replica); every other answer keeps `frame-src 'none'`. Runs after the file is answered,
 * since only then is its media type known. When the origins cannot be read the document keeps
 * `frame-src 'none'`: the dock shows nothing rather than more.
 */
export function documentFrameSources(
  readOrigins: () => Promise<string[]>,
  onError: (error: unknown) => void,
): MiddlewareHandler {
  return async (c, next) => {
    await next()
    if (!isHtml(c.res.headers)) return
    try {
      c.res.headers.set('Content-Security-Policy', contentSecurityPolicy(await readOrigins()))
    } catch (error) {
      onError(error)
    }
  }
}

/** Whether an answer is an HTML document. */
export function isHtml(headers: Headers): boolean {
  return /^text\/html\b/i.test(headers.get('content-type') ?? '')
}
