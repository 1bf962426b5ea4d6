import pino, { type DestinationStream, type Logger } from 'pino'

/** A URL in text: scheme, optional userinfo, host, and whatever path, query or fragment follows. */
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>@]+@)?([^\s/?#"'<>]+)([/?#][^\s"'<>]*)?/gi

/**
 * Every URL in `text` cut to its scheme and host: an RPC provider's API key lives in the userinfo,
 * the path (`/v3/<key>`) or the query (`?apikey=`), and error texts (viem's, fetch's) quote the URL.
 */
export function redactUrls(text: string): string {
  return text.replace(URL_IN_TEXT, (_match, scheme: string, _userinfo, host: string, rest?: string) =>
    rest && rest !== '/' ? `${scheme}${host}/[redacted]` : `${scheme}${host}`,
  )
}

/** A copy of `value` with {@link redactUrls} applied to every string in it. */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactUrls(value)
  if (value === null || typeof value !== 'object' || depth > 8) return value
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, depth + 1)]))
}

/**
 * The API's JSON logger. What is logged is decided at the call sites (method, path, status,
 * duration, user id, error code); the redaction list is a second line of defence should a
 * request, a cookie or a WebAuthn payload ever be passed to it.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'stratos-api' },
      // Errors and messages quote URLs (viem: "URL: https://…/v3/<key>"): never with their secrets.
      serializers: { err: (error: Error) => redactDeep(pino.stdSerializers.err(error)) },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? redactUrls(arg) : arg)) as typeof args,
          )
        },
      },
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'res.headers["set-cookie"]',
          'body',
          'cookie',
          'token',
          'jwt',
          'response',
          'clientExtensionResults',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  )
}
