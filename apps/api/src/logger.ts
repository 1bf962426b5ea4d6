import pino, { type DestinationStream, type Logger } from 'pino'

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
