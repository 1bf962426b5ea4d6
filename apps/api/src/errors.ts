import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Every error that crosses HTTP. `code` is stable (clients branch on it); `message` says what was
 * wrong and what to do. Hono's `HTTPException` underneath, so one `app.onError` renders them all
 * as `{ code, message }`.
 */
export class ApiError extends HTTPException {
  readonly code: string
  /** Headers the error response carries (e.g. `Retry-After` of a 429). */
  readonly headers: Readonly<Record<string, string>>

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(status, { message, cause: options.cause })
    this.name = 'ApiError'
    this.code = code
    this.headers = options.headers ?? {}
  }
}

/** Codes for statuses that Hono or its middleware raise without one of ours. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST'
    case 401:
      return 'UNAUTHENTICATED'
    case 403:
      return 'FORBIDDEN'
    case 404:
      return 'NOT_FOUND'
    case 405:
      return 'METHOD_NOT_ALLOWED'
    case 413:
      return 'PAYLOAD_TOO_LARGE'
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE'
    case 429:
      return 'TOO_MANY_REQUESTS'
    default:
      return status >= 500 ? 'INTERNAL' : 'ERROR'
  }
}
