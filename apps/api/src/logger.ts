import pino, { type DestinationStream, type Logger } from 'pino'
import { REDACTED_FIELDS, redactDeep, redactUrls } from './logging.js'

export { redactUrls }

/**
 * The API's JSON logger on Node (pino). What is logged is decided at the call sites (method, path, status,
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
          ...REDACTED_FIELDS,
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  )
}
