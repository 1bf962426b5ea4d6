/**
 * What the app logs through, and the redaction every logger applies. Portable (Web APIs only):
 * the Worker logs with {@link createJsonLogger}; Node uses pino (`logger.ts`), which fits the
 * same {@link Logger} shape and writes the same JSON lines.
 */

/** The calls the app makes: fields first, then the message (pino's order). */
export interface Logger {
  debug(fields: object, message: string): void
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
}

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
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactUrls(value)
  if (value === null || typeof value !== 'object' || depth > 8) return value
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, depth + 1)]))
}

/**
 * Fields never logged, whatever a call site passes: a second line of defence should a request,
 * a cookie or a WebAuthn payload ever reach a logger.
 */
export const REDACTED_FIELDS = [
  'body',
  'cookie',
  'token',
  'jwt',
  'response',
  'clientExtensionResults',
] as const

/** An error as a log field: its type, message, stack and cause, URLs redacted (pino's `err` shape). */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return redactDeep(error)
  return redactDeep({
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.cause !== undefined && depth < 4 ? { cause: serializeError(error.cause, depth + 1) } : {}),
  })
}

const LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const

/**
 * A logger writing one JSON line per entry through `write` (default `console.log`, which Workers
 * Logs collects): `level`, `time`, `service`, the fields, `msg`, as pino writes them.
 */
export function createJsonLogger(
  options: {
    level?: keyof typeof LEVELS | 'silent'
    write?: (line: string) => void
    now?: () => number
  } = {},
): Logger {
  const threshold = options.level === 'silent' ? Number.POSITIVE_INFINITY : LEVELS[options.level ?? 'info']
  const write = options.write ?? ((line: string) => console.log(line))
  const now = options.now ?? Date.now
  const entry = (level: keyof typeof LEVELS) => (fields: object, message: string) => {
    if (LEVELS[level] < threshold) return
    const record: Record<string, unknown> = { level: LEVELS[level], time: now(), service: 'stratos-api' }
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue
      record[key] = (REDACTED_FIELDS as readonly string[]).includes(key)
        ? '[redacted]'
        : key === 'err'
          ? serializeError(value)
          : redactDeep(value)
    }
    record.msg = redactUrls(message)
    write(JSON.stringify(record))
  }
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') }
}
