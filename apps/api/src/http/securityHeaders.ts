import type { MiddlewareHandler } from 'hono'

/**
 * The Content-Security-Policy of the instance. The built web app has no inline script or style
 * (Vite emits files; React sets style properties through the CSSOM, which CSP does not govern),
 * so nothing here is `unsafe-*`. Images may be `data:` URLs (the favicon, QR codes).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

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
